import type { VarId } from './id.js'

/** Binary operators the restricted AST allows. */
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '%' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or'

/** Unary operators the restricted AST allows. */
export type UnaryOp = '-' | '+' | 'not'

/** Where a node came from in the equation text (character offsets, end exclusive). */
export interface Span {
  readonly start: number
  readonly end: number
}

/** The restricted equation AST: all that an equation may contain. */
export type Expr =
  | { readonly type: 'num'; readonly value: number }
  | { readonly type: 'ref'; readonly name: string; readonly id: VarId; readonly span?: Span }
  | { readonly type: 'unary'; readonly op: UnaryOp; readonly arg: Expr }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly type: 'if'; readonly cond: Expr; readonly then: Expr; readonly else: Expr }
  /** A builtin function; `fn` is its canonical name (`smth1`, `step`, `time`). */
  | { readonly type: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly span?: Span }
  /** A lookup element called like a function: `effect_of_price(x)`. */
  | { readonly type: 'lookup'; readonly name: string; readonly id: VarId; readonly arg: Expr; readonly span?: Span }

/** Calls `visit` on every node, parents before children. */
export function walk(expr: Expr, visit: (node: Expr) => void): void {
  visit(expr)
  switch (expr.type) {
    case 'unary':
      walk(expr.arg, visit)
      break
    case 'binary':
      walk(expr.left, visit)
      walk(expr.right, visit)
      break
    case 'if':
      walk(expr.cond, visit)
      walk(expr.then, visit)
      walk(expr.else, visit)
      break
    case 'call':
      for (const a of expr.args) walk(a, visit)
      break
    case 'lookup':
      walk(expr.arg, visit)
      break
    default:
      break
  }
}

/** Rebuilds an expression bottom-up; `f` sees each node after its children were mapped. */
export function mapExpr(expr: Expr, f: (node: Expr) => Expr): Expr {
  switch (expr.type) {
    case 'unary':
      return f({ ...expr, arg: mapExpr(expr.arg, f) })
    case 'binary':
      return f({ ...expr, left: mapExpr(expr.left, f), right: mapExpr(expr.right, f) })
    case 'if':
      return f({ ...expr, cond: mapExpr(expr.cond, f), then: mapExpr(expr.then, f), else: mapExpr(expr.else, f) })
    case 'call':
      return f({ ...expr, args: expr.args.map((a) => mapExpr(a, f)) })
    case 'lookup':
      return f({ ...expr, arg: mapExpr(expr.arg, f) })
    default:
      return f(expr)
  }
}

/** A number literal node. */
export const num = (value: number): Expr => ({ type: 'num', value })

/** Applies a unary operator to a number (logic on numbers: 0 is false, anything else true). */
export function applyUnary(op: UnaryOp, a: number): number {
  return op === '-' ? -a : op === '+' ? a : a === 0 ? 1 : 0
}

/** Applies a binary operator to numbers as the generated code does (comparisons give 1 or 0). */
export function applyBinary(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b
    case '-':
      return a - b
    case '*':
      return a * b
    case '/':
      return a / b
    case '^':
      return a ** b
    case '%':
      return a - b * Math.floor(a / b)
    case '<':
      return a < b ? 1 : 0
    case '<=':
      return a <= b ? 1 : 0
    case '>':
      return a > b ? 1 : 0
    case '>=':
      return a >= b ? 1 : 0
    case '==':
      return a === b ? 1 : 0
    case '!=':
      return a !== b ? 1 : 0
    case 'and':
      return a !== 0 && b !== 0 ? 1 : 0
    case 'or':
      return a !== 0 || b !== 0 ? 1 : 0
  }
}

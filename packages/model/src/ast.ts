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

/**
 * One subscript of an arrayed reference `pop[north, *]`: a name (an element, a subrange or a dimension,
 * resolved against the model's dimensions), an element's 1-based position (`pop[2]`), every element of
 * that position's dimension (`*`, in reductions), or a dimension marked with Vensim's bang (`Region!`,
 * reduced over even where the equation is arrayed by it).
 */
export type Subscript =
  | { readonly kind: 'name'; readonly name: string; readonly span?: Span }
  | { readonly kind: 'position'; readonly position: number; readonly span?: Span }
  | { readonly kind: 'star'; readonly span?: Span }
  | { readonly kind: 'bang'; readonly name: string; readonly span?: Span }

/** The restricted equation AST: all that an equation may contain. */
export type Expr =
  | { readonly type: 'num'; readonly value: number }
  /** A variable, or with `subs` some elements of an arrayed one. A dimension's name alone is the current element's position. */
  | {
      readonly type: 'ref'
      readonly name: string
      readonly id: VarId
      readonly subs?: readonly Subscript[]
      readonly span?: Span
    }
  | { readonly type: 'unary'; readonly op: UnaryOp; readonly arg: Expr }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly type: 'if'; readonly cond: Expr; readonly then: Expr; readonly else: Expr }
  /** A builtin function; `fn` is its canonical name (`smth1`, `step`, `time`). */
  | { readonly type: 'call'; readonly fn: string; readonly args: readonly Expr[]; readonly span?: Span }
  /** A lookup element called like a function: `effect_of_price(x)`; an arrayed one as `effect[north](x)`. */
  | {
      readonly type: 'lookup'
      readonly name: string
      readonly id: VarId
      readonly arg: Expr
      readonly subs?: readonly Subscript[]
      readonly span?: Span
    }

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

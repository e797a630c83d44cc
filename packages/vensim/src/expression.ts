import type { BinaryOp as ModelBinaryOp, Expr as ModelExpr } from '@stockflow/model'
import type { BinaryOp, Expr, Pos, Subscript } from './ast.js'
import type { CallContext } from './functions.js'
import { translateCall } from './functions.js'

/**
 * Vensim's missing value, `:NA:`: a huge negative number that no model value reaches. Vensim keeps its
 * own constant (near -1.3e33); models compare with `:NA:` itself, not with the number.
 */
export const NA_VALUE = -1e38

/** Vensim's binary operators as stockflow's (`=` is `==`, `:AND:` is `and`). */
export const BINARY: Readonly<Record<BinaryOp, ModelBinaryOp>> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '^': '^',
  '=': '==',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  and: 'and',
  or: 'or',
}

/** What translating an expression needs besides calls: how a written name reads. */
export interface ExpressionContext extends Omit<CallContext, 'expr'> {
  /**
   * A reference as written (a variable, some of its elements, the clock, a control variable, a range's
   * or an element's name as a value), or undefined after a problem.
   */
  readonly ref: (name: string, pos: Pos, subscripts: readonly Subscript[]) => ModelExpr | undefined
}

/**
 * How deep a translated tree may be. The parser caps nesting, but a chain `a + b + ... + z` is a loop
 * there and a left-deep tree here; every later step (printing, reading back, compiling) recurses.
 */
export const MAX_TREE_DEPTH = 1000

/** The depth of a tree, without recursion (it is measured before anything recurses over it). */
export function treeDepth(expr: Expr): number {
  let deepest = 0
  const stack: [Expr, number][] = [[expr, 1]]
  while (stack.length > 0) {
    const [e, depth] = stack.pop()!
    deepest = Math.max(deepest, depth)
    switch (e.t) {
      case 'unary':
      case 'paren':
        stack.push([e.arg, depth + 1])
        break
      case 'binary':
        stack.push([e.left, depth + 1], [e.right, depth + 1])
        break
      case 'call':
        for (const a of e.args) stack.push([a, depth + 1])
        break
      default:
        break
    }
  }
  return deepest
}

/**
 * Translates a Vensim expression into the stockflow tree; problems go to the context, never thrown.
 * The importer has refused trees deeper than MAX_TREE_DEPTH before any step recurses over them.
 */
export function translateExpr(expr: Expr, ctx: ExpressionContext): ModelExpr {
  if (treeDepth(expr) > MAX_TREE_DEPTH) {
    ctx.problem(
      expr.pos,
      `the equation is longer or deeper than ${MAX_TREE_DEPTH} operations; split it into auxiliaries`,
    )
    return { type: 'num', value: 0 }
  }
  const callContext: CallContext = { ...ctx, expr: (e) => go(e) }
  const zero: ModelExpr = { type: 'num', value: 0 }
  const go = (e: Expr): ModelExpr => {
    switch (e.t) {
      case 'num':
        return { type: 'num', value: e.value }
      case 'na':
        return { type: 'num', value: NA_VALUE }
      case 'ref':
        return ctx.ref(e.name, e.pos, e.subscripts) ?? zero
      case 'paren':
        return go(e.arg)
      case 'unary':
        return { type: 'unary', op: e.op, arg: go(e.arg) }
      case 'binary':
        return { type: 'binary', op: BINARY[e.op], left: go(e.left), right: go(e.right) }
      case 'call':
        return translateCall(e, callContext)
      case 'table':
        ctx.problem(e.pos, 'a lookup table can only stand as the last argument of WITH LOOKUP or a LOOKUP function')
        return zero
      case 'numbers':
      case 'tabbed': {
        const values = e.rows.flat()
        if (values.length === 1) return { type: 'num', value: values[0]! }
        ctx.problem(
          e.pos,
          'a list of numbers defines the elements of an arrayed constant; it cannot stand in an expression',
        )
        return zero
      }
      default:
        ctx.problem(e.pos, `cannot read this expression (${e.t})`)
        return zero
    }
  }
  return go(expr)
}

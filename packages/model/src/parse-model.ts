import type { Expr } from './ast.js'
import { applyBinary, applyUnary } from './ast.js'
import { EquationError } from './errors.js'
import type { Field, Issue } from './errors.js'
import { parseEquation } from './parse.js'
import type { Element, Model } from './types.js'

/** The equations of one element, parsed; `undefined` where the text did not parse. */
export interface ParsedElement {
  readonly element: Element
  readonly equation?: Expr
  readonly initial?: Expr
}

/** Parses every equation of a model, collecting syntax problems as issues. */
export function parseModel(model: Model, issues: Issue[] = []): ParsedElement[] {
  return model.elements.map((element) => {
    const parse = (text: string, field: Field): Expr | undefined => {
      try {
        return parseEquation(text)
      } catch (err) {
        if (!(err instanceof EquationError)) throw err
        issues.push({
          severity: 'error',
          code: err.code,
          message: err.message,
          element: element.name,
          field,
          span: err.span,
          hint: err.hint,
        })
        return undefined
      }
    }
    switch (element.kind) {
      case 'stock': {
        if (String(element.initial ?? '').trim() === '') {
          issues.push({
            severity: 'error',
            code: 'missing-initial',
            message: 'the stock has no initial value',
            element: element.name,
            field: 'initial',
            hint: 'give it `initial: <number or equation>`',
          })
          return { element }
        }
        const initial = parse(element.initial, 'initial')
        return initial ? { element, initial } : { element }
      }
      case 'flow':
      case 'aux': {
        const equation = parse(element.equation, 'equation')
        return equation ? { element, equation } : { element }
      }
      default:
        return { element }
    }
  })
}

/** The value of an expression made only of numbers and operators, else undefined. */
export function constantValue(expr: Expr): number | undefined {
  switch (expr.type) {
    case 'num':
      return expr.value
    case 'unary': {
      const a = constantValue(expr.arg)
      return a === undefined ? undefined : applyUnary(expr.op, a)
    }
    case 'binary': {
      const a = constantValue(expr.left)
      const b = constantValue(expr.right)
      return a === undefined || b === undefined ? undefined : applyBinary(expr.op, a, b)
    }
    default:
      return undefined
  }
}

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseEquation, validate } from '@stockflow/model'
import type { Expr } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import { castModel, equationText, expr, print } from './arbitraries.js'
import { FUZZ_TIMEOUT, fuzz, handled } from './config.js'

/** An AST without source positions, for comparing a parse with the tree it was printed from. */
function bare(e: Expr): unknown {
  return JSON.parse(JSON.stringify(e, (k, v: unknown) => (k === 'span' ? undefined : v)))
}

const REFS = ['a', 'b', 'p', 'stock_a']

describe('fuzz: equations', () => {
  it(
    'random text parses to an AST or an EquationError, and what parses validates, compiles and runs',
    () => {
      fc.assert(
        fc.property(equationText, (text) => {
          const ast = handled(() => parseEquation(text))
          if (ast === undefined) return
          const m = castModel(text)
          handled(() => validate(m))
          handled(() => simulate(compile(m)))
        }),
        fuzz(1500),
      )
    },
    FUZZ_TIMEOUT,
  )

  it(
    'random ASTs print to text that parses back to the same tree',
    () => {
      fc.assert(
        fc.property(expr(REFS), (tree) => {
          expect(bare(parseEquation(print(tree)))).toEqual(bare(tree))
        }),
        fuzz(1500),
      )
    },
    FUZZ_TIMEOUT,
  )

  it(
    'random ASTs validate, compile and run with every method, or stop with a StockflowError',
    () => {
      fc.assert(
        fc.property(
          expr(REFS),
          fc.constantFrom('euler' as const, 'rk4' as const, 'adaptive' as const),
          (tree, method) => {
            const m = castModel(print(tree), method === 'adaptive' ? 'euler' : method)
            const issues = handled(() => validate(m))
            expect(Array.isArray(issues)).toBe(true)
            const run = handled(() => simulate(m))
            if (run) expect(run.times.length).toBe(11)
            // The same model keeps going past a NaN or infinity when asked to.
            if (run === undefined) handled(() => simulate(m, { onNonFinite: 'continue' }))
            // Blow-ups included: the adaptive method stops at a non-finite rate or at its budget.
            if (method === 'adaptive') handled(() => simulate(m, { method }))
          },
        ),
        fuzz(800),
      )
    },
    FUZZ_TIMEOUT,
  )
})

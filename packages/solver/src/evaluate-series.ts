import { StockflowError, canonicalId, parseEquation } from '@stockflow/model'
import { builtinValue } from './builtin-value.js'
import type { Expr, Subscript } from '@stockflow/model'
import { applyBinary, applyUnary, findBuiltin } from '@stockflow/model/internal'
import type { Run } from './run.js'

/**
 * A variable of a run, or an expression over its variables (`Capacity / "World Demand"`), as one
 * value per save time. Used after a run (behaviour checks), never inside the simulation loop.
 */
export function evaluateSeries(run: Run, text: string): Float64Array {
  if (run.has(text)) return run.get(text)
  let expr: Expr
  try {
    expr = parseEquation(text)
  } catch (err) {
    throw new StockflowError(
      `"${text}" is neither an output of the run nor a valid expression: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
  const n = run.times.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = evaluateAt(expr, run, i, text)
  return out
}

function evaluateAt(e: Expr, run: Run, i: number, text: string): number {
  const go = (x: Expr): number => evaluateAt(x, run, i, text)
  switch (e.type) {
    case 'num':
      return e.value
    case 'ref': {
      if (e.subs) return run.get(elementOf(run, e.name, e.subs, text))[i]!
      if (!run.has(e.id)) throw new StockflowError(`"${text}": the run has no output "${e.name}"`)
      return run.get(e.id)[i]!
    }
    case 'unary':
      return applyUnary(e.op, go(e.arg))
    case 'binary':
      return applyBinary(e.op, go(e.left), go(e.right))
    case 'if':
      return go(e.cond) !== 0 ? go(e.then) : go(e.else)
    case 'call': {
      const { start, stop, dt } = run.meta
      const value = builtinValue(e.fn, e.args.map(go), { time: run.times[i]!, dt, start, stop })
      if (Number.isNaN(value) && ['stateful', 'random'].includes(findBuiltin(e.fn)?.kind ?? '')) {
        throw new StockflowError(`"${text}": ${e.fn.toUpperCase()} cannot be used in a check expression`)
      }
      return value
    }
    case 'lookup':
      throw new StockflowError(`"${text}": lookups cannot be called in a check expression (${canonicalId(e.name)})`)
  }
}

/**
 * The run's name of one element read in a check expression (`Infected[north] / Population[north]`),
 * checked: elements are named one by one, and a wrong one gets the run's did-you-mean.
 */
function elementOf(run: Run, name: string, subs: readonly Subscript[], text: string): string {
  const names = subs.map((s) => (s.kind === 'name' ? s.name : undefined))
  if (names.includes(undefined))
    throw new StockflowError(`"${text}": name each element of ${name} in a check expression, as ${name}[north]`)
  const element = `${name}[${names.join(',')}]`
  if (!run.has(element)) {
    try {
      run.get(element)
    } catch (err) {
      throw new StockflowError(`"${text}": ${err instanceof Error ? err.message : String(err)}`)
    }
  }
  return element
}

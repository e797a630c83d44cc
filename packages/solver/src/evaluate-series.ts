import { StockflowError, canonicalId, parseEquation } from '@stockflow/model'
import { builtinValue } from './builtin-value.js'
import type { Expr, Subscript } from '@stockflow/model'
import { applyBinary, applyUnary, didYouMean, findBuiltin } from '@stockflow/model/internal'
import type { Run } from './run.js'

/**
 * A variable of a run, or an expression over its variables (`Capacity / "World Demand"`), as one
 * value per save time. Used after a run (behaviour checks), never inside the simulation loop.
 * A text that is a variable's name, spaces and subscripts included (`Old Share[north]`), is read as
 * that name before it is read as an expression.
 */
export function evaluateSeries(run: Run, text: string): Float64Array {
  if (run.has(text)) return run.get(text)
  const named = asName(run, text)
  if (named !== undefined) return named
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
      if (!run.has(e.id)) {
        const array = arrayOf(run, e.name)
        if (array) throw wholeArray(text, array)
        throw new StockflowError(`"${text}": the run has no output "${e.name}"${didYouMean(e.name, outputNames(run))}`)
      }
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

/** `Name` or `Name[subscripts]` with no quotes or further brackets: the parts of a text that may be one name. */
const NAME = /^([^[\]"]+?)\s*(?:\[([^[\]]*)\])?$/

/**
 * The series of a text that names a variable or an array of the run (`Old Share`, `Old Share[nort]`):
 * an element the array lacks gets the run's did-you-mean, a whole array the names of its elements.
 * Undefined when the text's leading name is no variable of the run, so it is read as an expression.
 */
function asName(run: Run, text: string): Float64Array | undefined {
  const match = NAME.exec(text.trim())
  if (!match) return undefined
  const [, base, subs] = match as unknown as [string, string, string | undefined]
  const array = arrayOf(run, base)
  if (subs === undefined) {
    if (array) throw wholeArray(text, array)
    return undefined
  }
  if (!array && !run.has(base)) return undefined
  try {
    return run.get(`${base}[${subs}]`)
  } catch (err) {
    const several = arrayOf(run, `${base}[${subs}]`)
    if (several) throw wholeArray(text, several)
    throw new StockflowError(`"${text}": ${err instanceof Error ? err.message : String(err)}`)
  }
}

/**
 * The array of the run that `name` names, whole or through a pattern or subrange (`Pop[north,*]`): its
 * display name and the elements named; else undefined.
 */
function arrayOf(run: Run, name: string): { name: string; elements: string[]; whole: boolean } | undefined {
  if (run.has(name)) return undefined
  try {
    const array = run.array(name)
    return { name: array.name, elements: array.elements.map((e) => e.name), whole: !name.includes('[') }
  } catch {
    // Not an array of the run (or not recorded): the caller says what it is instead.
    return undefined
  }
}

/** A whole array where a check needs one series: name its elements and how to read one. */
function wholeArray(text: string, array: { name: string; elements: string[]; whole: boolean }): StockflowError {
  const { name, elements } = array
  const shown = elements.slice(0, 6).join(', ') + (elements.length > 6 ? `, ... (${elements.length} in all)` : '')
  const what = array.whole ? `${name} is an array` : `names ${elements.length} elements of ${name}`
  return new StockflowError(
    `"${text}": ${what} (${shown}); name one element, as ${elements[0]}, or use checkEach over its dimension`,
  )
}

/** What a misspelt name in a check may have meant: the run's outputs, and each array once by its own name. */
function outputNames(run: Run): string[] {
  const names = run.names
  return [...new Set([...names, ...names.map((n) => n.replace(/\[[^\]]*\]$/, ''))])]
}

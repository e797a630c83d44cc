import { StockflowError } from '@stockflow/model'
import { lognormal, normal, triangular, uniform } from './distributions.js'
import type { Distribution } from './distributions.js'

/** One `--vary` option read: a parameter and either a distribution or the levels of a grid. */
export type Vary =
  | { readonly name: string; readonly distribution: Distribution }
  | { readonly name: string; readonly levels: readonly number[] }

const MAKERS: Record<string, { arity: number; make: (a: number[]) => Distribution }> = {
  uniform: { arity: 2, make: ([a, b]) => uniform(a!, b!) },
  normal: { arity: 2, make: ([m, s]) => normal(m!, s!) },
  lognormal: { arity: 2, make: ([m, s]) => lognormal(m!, s!) },
  triangular: { arity: 3, make: ([a, c, b]) => triangular(a!, c!, b!) },
}
const FORMS = 'uniform(a,b), normal(mean,sd), lognormal(mean,sd), triangular(a,mode,b), range(a,b,n) or values(x,y,...)'

/**
 * Reads `NAME=normal(1,0.1)`, `NAME=range(0,1,5)` (n evenly spaced levels, ends included) or
 * `NAME=values(1,2,5)`. Names may contain spaces; the last `=` separates the name from the form.
 */
export function parseVary(text: string): Vary {
  const at = text.lastIndexOf('=')
  const name = text.slice(0, at).trim()
  const form = text.slice(at + 1).trim()
  const m = /^([a-z]+)\s*\((.*)\)$/i.exec(form)
  if (at <= 0 || !name || !m) throw new StockflowError(`--vary "${text}": write NAME=FORM with FORM one of ${FORMS}`)
  const kind = m[1]!.toLowerCase()
  const args = m[2]!.split(',').map((s) => s.trim())
  const numbers = args.map(Number)
  const bad = args.findIndex((s, i) => s === '' || !Number.isFinite(numbers[i]))
  if (bad >= 0) throw new StockflowError(`--vary "${text}": "${args[bad]}" is not a number`)
  if (kind === 'range') {
    const [a, b, n] = numbers
    if (numbers.length !== 3 || !Number.isInteger(n) || n! < 1)
      throw new StockflowError(`--vary "${text}": range takes (first, last, count) with a whole count of at least 1`)
    return {
      name,
      levels: n === 1 ? [a!] : Array.from({ length: n! }, (_, i) => tidy(a! + ((b! - a!) * i) / (n! - 1))),
    }
  }
  if (kind === 'values') {
    if (numbers.length === 0) throw new StockflowError(`--vary "${text}": values needs at least one number`)
    return { name, levels: numbers }
  }
  const maker = MAKERS[kind]
  if (!maker) throw new StockflowError(`--vary "${text}": unknown form "${kind}"; use ${FORMS}`)
  if (numbers.length !== maker.arity)
    throw new StockflowError(`--vary "${text}": ${kind} takes ${maker.arity} numbers, got ${numbers.length}`)
  try {
    return { name, distribution: maker.make(numbers) }
  } catch (e) {
    if (e instanceof StockflowError) throw new StockflowError(`--vary "${text}": ${e.message}`)
    throw e
  }
}

/** 0.30000000000000004 -> 0.3: grid levels are read by people, and 12 digits are beyond any model's. */
function tidy(x: number): number {
  return Number(x.toPrecision(12))
}

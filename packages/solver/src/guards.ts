import { StockflowError, parseEquation } from '@stockflow/model'
import type { Element, Expr } from '@stockflow/model'
import { walk } from '@stockflow/model/internal'
import type { Program } from './lower.js'
import type { Slot } from './ir.js'
import type { Recording } from './recording.js'

/** What a run does when a variable becomes NaN or infinite: stop with an error (default) or go on. */
export type OnNonFinite = 'error' | 'continue'

/**
 * Scans a finished run for NaN and infinities, and throws a StockflowError naming the first variable
 * and time where one appeared, with the values of what its equation reads (and "division by zero"
 * when a divisor read zero). It costs nothing in the stepping loop and little after it: the final
 * state is checked, and only when it holds a bad value are the recorded rows read to find where it began.
 *
 * `out` holds the slots of `recording` at each save time, by row or by column; output j of `outputs`
 * (the variables the run was asked for) is at position `recording.place[j]`.
 */
export function checkFinite(
  program: Program,
  outputs: readonly Slot[],
  recording: Pick<Recording, 'slots' | 'place' | 'byRow'>,
  times: Float64Array,
  out: Float64Array,
  v: Float64Array,
  saveEvery: number,
): void {
  // A bad value reaches the final state of whatever reads it, and the final state is a few numbers:
  // scanning every recorded row would cost as much as a small run, so rows are read only to find
  // where a bad final value began. (A NaN in an auxiliary that nothing reads, finite again by the
  // end, goes unreported.)
  let finalOk = true
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!
    if (x - x !== 0) {
      finalOk = false
      break
    }
  }
  if (finalOk) return
  const nRows = times.length
  const width = recording.slots.length
  const at = recording.byRow ? (row: number, p: number) => row * width + p : (row: number, p: number) => p * nRows + row
  let firstRow = -1
  for (let p = 0; p < width && firstRow !== 0; p++) {
    const end = firstRow < 0 ? nRows : firstRow
    for (let r = 0; r < end; r++) {
      const x = out[at(r, p)]!
      if (x - x !== 0) {
        firstRow = r
        break
      }
    }
  }
  const rank = evaluationRank(program)
  const rankOf = (s: Slot) => rank.get(program.sourceOf[s.index]!) ?? Infinity
  if (firstRow >= 0) {
    const bad = outputs.flatMap((s, j) => {
      const p = recording.place[j]!
      return Number.isFinite(out[at(firstRow, p)]!) ? [] : [{ s, p }]
    })
    // The root is the earliest in evaluation order (see evaluationRank); the rest merely read it.
    bad.sort((a, b) => rankOf(a.s) - rankOf(b.s))
    const { s, p } = bad[0]!
    const value = out[at(firstRow, p)]!
    // Each slot's place in the recording, found once (an equation may read an array of 100k elements).
    let placeOf: Map<number, number> | undefined
    const read = (id: string) => {
      const o = program.byId.get(id)
      if (!o) return undefined
      placeOf ??= new Map(Array.from(recording.slots, (slot, k) => [slot, k]))
      const k = placeOf.get(program.sourceOf[o.index]!)
      return k === undefined ? undefined : out[at(firstRow, k)]
    }
    const t = times[firstRow]!
    // A stock (or a copy of one, such as SMOOTH's output) went bad at some step since the last save.
    const kind = program.slots[program.sourceOf[s.index]!]!.kind
    const stocky = kind === 'stock' || kind === 'internal-stock'
    const when = firstRow > 0 && saveEvery > 1 && stocky ? `by time ${t}` : `at time ${t}`
    throw nonFinite(program, s, value, when, read, t)
  }
  const publics = program.slots.filter((s) => s.public).sort((a, b) => rankOf(a) - rankOf(b))
  for (const s of publics) {
    const x = v[program.sourceOf[s.index]!]!
    if (x - x !== 0) {
      throw nonFinite(
        program,
        s,
        x,
        `by the end of the run (time ${times[nRows - 1]!})`,
        (id) => {
          const o = program.byId.get(id)
          return o ? v[program.sourceOf[o.index]!] : undefined
        },
        times[nRows - 1]!,
      )
    }
  }
}

/**
 * Evaluation order by slot: parameters, then the values the initial pass alone computes (fixed for
 * the run, in the order it computes them), then stocks (their values come from the step before),
 * then auxiliaries and flows as each step computes them.
 */
function evaluationRank(program: Program): Map<number, number> {
  const rank = new Map<number, number>()
  const stocks = program.stocks.length
  program.stocks.forEach((st, i) => rank.set(st.slot, i))
  program.aux.forEach((a, i) => rank.set(a.slot, stocks + i))
  program.init.forEach((step, i) => {
    if (step.kind === 'set' && !rank.has(step.slot)) rank.set(step.slot, i - program.init.length)
  })
  for (const s of program.params.keys()) rank.set(s, -program.init.length - 1)
  return rank
}

function nonFinite(
  program: Program,
  s: Slot,
  value: number,
  when: string,
  read: (id: string) => number | undefined,
  time: number,
): StockflowError {
  const element = program.model.elements.find((e) => e.id === s.id)
  const name = (id: string) => program.byId.get(id)?.name ?? id
  const { operands, divisionByZero } = element
    ? explain(element, read, name, time)
    : { operands: [], divisionByZero: false }
  const what = Number.isNaN(value) ? 'NaN' : String(value)
  const cause = divisionByZero ? ' (division by zero)' : ''
  const reads = operands.length ? `; it reads ${operands.join(', ')}` : ''
  return new StockflowError(
    `"${s.name}" became ${what} ${when}${cause}${reads}; the run stopped (pass onNonFinite: 'continue' to keep going)`,
    [{ severity: 'error', code: 'non-finite', message: `became ${what} ${when}${cause}`, element: s.name }],
  )
}

/** The values the element's equation reads at the bad row, and whether one of its divisors is zero. */
function explain(
  element: Element,
  read: (id: string) => number | undefined,
  name: (id: string) => string,
  time: number,
): { operands: string[]; divisionByZero: boolean } {
  if (element.kind === 'stock') {
    const flows = [...element.inflows, ...element.outflows].flatMap((id) => {
      const x = read(id)
      return x === undefined ? [] : [`${name(id)} = ${String(x)}`]
    })
    return { operands: flows.slice(0, MAX_OPERANDS), divisionByZero: false }
  }
  const text = 'equation' in element ? element.equation : undefined
  let expr: Expr
  try {
    if (text === undefined) return { operands: [], divisionByZero: false }
    expr = parseEquation(text)
  } catch {
    return { operands: [], divisionByZero: false }
  }
  const seen = new Map<string, string>()
  let divisionByZero = false
  // The value of a simple divisor (numbers, names, + - * /), else undefined.
  const valueOf = (e: Expr): number | undefined => {
    if (e.type === 'num') return e.value
    if (e.type === 'ref') return read(e.id)
    if (e.type === 'call' && e.fn === 'time') return time
    if (e.type === 'unary' && e.op === '-') {
      const a = valueOf(e.arg)
      return a === undefined ? undefined : -a
    }
    if (e.type !== 'binary' || !'+-*/'.includes(e.op)) return undefined
    const l = valueOf(e.left)
    const r = valueOf(e.right)
    if (l === undefined || r === undefined) return undefined
    return e.op === '+' ? l + r : e.op === '-' ? l - r : e.op === '*' ? l * r : l / r
  }
  walk(expr, (node) => {
    if (node.type === 'ref' && seen.size < MAX_OPERANDS && !seen.has(node.id)) {
      const x = read(node.id)
      if (x !== undefined) seen.set(node.id, `${node.name} = ${String(x)}`)
    }
    if (node.type === 'binary' && node.op === '/' && valueOf(node.right) === 0) divisionByZero = true
  })
  return { operands: [...seen.values()], divisionByZero }
}

/** Operands a message names at most (a reduction over an array reads every element). */
const MAX_OPERANDS = 8

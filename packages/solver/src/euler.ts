import type { Source } from './codegen.js'
import type { IR } from './ir.js'
import { leavesOf } from './kernels.js'
import type { Item } from './kernels.js'
import type { Program } from './lower.js'

/** Rounds of in-place updates at most; stocks deeper in a chain of readers go through `k`. */
const MAX_ROUNDS = 16

/**
 * Euler's step for the arrays layout, stocks updated in place: `v[s] = v[s] + dt * (derivative)`,
 * without writing the stage array and reading it back (about 30% of a large chain's step).
 *
 * Every derivative must see the stocks as they were at the start of the step. Most read no stock but
 * their own (a model stock: the sum of its flows, computed before the step). One that reads another
 * stock (SMTH3's second internal stock reads the first) is updated before the stock it reads: stocks
 * go in rounds, readers first (`rounds`). Stocks on a cycle of such reads are computed into `k`
 * before any stock changes and applied at the end. The arithmetic is that of `v[s] + dt * k[i]`, so
 * the values are identical.
 */
export function eulerInPlace(program: Program, src: Source): string {
  const base = program.stockBase
  const { rounds, early } = order(program)
  const first = src.block('eek', 'v, k, dt', () =>
    early.map((s) => ({ out: 'k', index: s.slot - base, expr: s.deriv })),
  )
  const then = rounds.map((round, r) =>
    src.block(`ee${r}`, 'v, k, dt', () => {
      const items: Item[] = round.map((s) => ({ out: 'v', index: s.slot, expr: updated(s.slot, s.deriv) }))
      if (early.length && r === rounds.length - 1)
        items.push(
          applied(
            early.map((s) => s.slot),
            base,
            src,
          ),
        )
      return items
    }),
  )
  if (early.length && !rounds.length)
    then.push(
      src.block('ee0', 'v, k, dt', () => [
        applied(
          early.map((s) => s.slot),
          base,
          src,
        ),
      ]),
    )
  return `{ const k = k0;\n${[first, ...then].map((b) => b.body).join('\n')}\n}`
}

type StockState = Program['stocks'][number]

/**
 * Stocks in rounds, every stock in a round after each stock that reads it, and those left to `k`: on
 * a cycle of reads (or on a path between two), or more than MAX_ROUNDS deep.
 */
export function order(program: Program): { rounds: StockState[][]; early: StockState[] } {
  const stocks = program.stocks
  const indexOf = new Map(stocks.map((s, i) => [s.slot, i]))
  // The other stocks each derivative reads, and the derivatives reading each stock.
  const reads = stocks.map((s) => [
    ...new Set(
      leavesOf(s.deriv)
        .slots.filter((j) => j !== s.slot && indexOf.has(j))
        .map((j) => indexOf.get(j)!),
    ),
  ])
  const readBy: number[][] = stocks.map(() => [])
  reads.forEach((rs, i) => rs.forEach((j) => readBy[j]!.push(i)))
  // Peel stocks nobody left reads, then, of the rest, stocks reading none of the rest: what remains
  // is on a cycle or between two.
  const all = new Uint8Array(stocks.length).fill(1)
  const left = peel(all, readBy, reads)
  const cyclic = peel(left, reads, readBy)
  // Readers first: a stock's round is one more than its latest reader's.
  const round = new Int32Array(stocks.length)
  const pending = Int32Array.from(readBy, (rs) => rs.filter((i) => !cyclic[i]).length)
  const ready = stocks.map((_, i) => i).filter((i) => !cyclic[i] && pending[i] === 0)
  for (let q = 0; q < ready.length; q++) {
    const i = ready[q]!
    for (const j of reads[i]!) {
      if (cyclic[j]) continue
      round[j] = Math.max(round[j]!, round[i]! + 1)
      if (--pending[j]! === 0) ready.push(j)
    }
  }
  const rounds: StockState[][] = []
  const early: StockState[] = []
  stocks.forEach((s, i) => {
    if (cyclic[i] || round[i]! >= MAX_ROUNDS) early.push(s)
    else (rounds[round[i]!] ??= []).push(s)
  })
  return { rounds, early }
}

/**
 * Of the stocks marked in `within`, repeatedly removes those with no `into` neighbour left (Kahn's
 * algorithm); returns the marks of what is left.
 */
function peel(within: Uint8Array, into: readonly number[][], from: readonly number[][]): Uint8Array {
  const left = within.slice()
  const count = Int32Array.from(into, (xs, i) => (left[i] ? xs.filter((j) => left[j]).length : 0))
  const queue = [...left.keys()].filter((i) => left[i] && count[i] === 0)
  for (let q = 0; q < queue.length; q++) {
    const i = queue[q]!
    left[i] = 0
    for (const j of from[i]!) if (left[j] && --count[j]! === 0) queue.push(j)
  }
  return left
}

/** `v[slot] + dt * deriv`, as Euler's update writes it. */
export function updated(slot: number, deriv: IR): IR {
  const dt: IR = { t: 'fn', fn: 'dt', args: [] }
  return { t: 'bin', op: '+', l: { t: 'slot', i: slot }, r: { t: 'bin', op: '*', l: dt, r: deriv } }
}

/** One statement applying the derivatives computed into `k` to their stocks. */
function applied(slots: readonly number[], base: number, src: Source): Item {
  const last = slots[slots.length - 1]!
  const contiguous = last - slots[0]! === slots.length - 1
  const code = contiguous
    ? `for (let s = ${slots[0]}; s <= ${last}; s++) v[s] = v[s] + dt * k[s - ${base}];`
    : `for (let j = 0; j < ${slots.length}; j++) { const s = ${src.data.add(slots, true)}[j]; v[s] = v[s] + dt * k[s - ${base}]; }`
  return { out: 'v', index: slots[0]!, expr: { t: 'num', v: 0 }, code }
}

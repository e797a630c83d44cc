/**
 * Generated models for the scaling bench, of about `n` public variables each:
 *
 * - `chain`: stocks in a line, each draining into the next through a flow driven by an auxiliary;
 * - `random`: a sparse random graph (seeded): auxiliaries reading two or three earlier auxiliaries or
 *   stocks, one in ten through a graphical function, and flows between random stocks;
 * - `smooth-delay`: chains of SMTH1, SMTH3 and DELAY3 (each expands into one or three internal stocks).
 */
import type { Element, Model } from '@stockflow/model'

export type Family = 'chain' | 'random' | 'smooth-delay'
export const FAMILIES: readonly Family[] = ['chain', 'random', 'smooth-delay']

type Draft =
  | { kind: 'stock'; name: string; initial: string; inflows: string[]; outflows: string[] }
  | { kind: 'flow' | 'aux'; name: string; equation: string; graph?: { x: number[]; y: number[] } }
  | { kind: 'param'; name: string; value: number }

/** Names here are already ids (lowercase, underscores). */
function assemble(name: string, drafts: Draft[], steps: number): Model {
  const elements = drafts.map((d) => ({ ...d, id: d.name })) as unknown as Element[]
  return { name, time: { start: 0, stop: steps, dt: 1 }, elements }
}

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function chain(n: number, steps: number): Model {
  const units = Math.max(1, Math.round((n - 1) / 3))
  const d: Draft[] = [{ kind: 'param', name: 'k', value: 0.05 }]
  const stocks: Extract<Draft, { kind: 'stock' }>[] = []
  for (let i = 0; i < units; i++) {
    const s = { kind: 'stock' as const, name: `s${i}`, initial: String(1 + (i % 7)), inflows: [], outflows: [] }
    stocks.push(s)
    d.push(s)
  }
  for (let i = 0; i < units; i++) {
    d.push({ kind: 'aux', name: `a${i}`, equation: `s${i} * k + ${i % 3} * 0.001` })
    d.push({ kind: 'flow', name: `f${i}`, equation: `a${i} * 0.5` })
    stocks[i]!.outflows.push(`f${i}`)
    stocks[(i + 1) % units]!.inflows.push(`f${i}`)
  }
  return assemble(`chain-${n}`, d, steps)
}

function random(n: number, steps: number): Model {
  const next = rng(n)
  const pick = (k: number) => Math.floor(next() * k)
  const nStocks = Math.max(1, Math.round(n / 5))
  const nFlows = nStocks
  const nAux = Math.max(1, n - nStocks - nFlows - 2)
  const d: Draft[] = [
    { kind: 'param', name: 'k', value: 0.01 },
    { kind: 'param', name: 'c', value: 2 },
  ]
  const stocks: Extract<Draft, { kind: 'stock' }>[] = []
  for (let i = 0; i < nStocks; i++) {
    const s = { kind: 'stock' as const, name: `s${i}`, initial: String(1 + pick(10)), inflows: [], outflows: [] }
    stocks.push(s)
    d.push(s)
  }
  const operand = (i: number) => (i === 0 || next() < 0.4 ? `s${pick(nStocks)}` : `a${pick(i)}`)
  for (let i = 0; i < nAux; i++) {
    const r = next()
    const equation =
      r < 0.35
        ? `${operand(i)} * k + ${operand(i)} * 0.001`
        : r < 0.6
          ? `(${operand(i)} + ${operand(i)}) / (c + ${operand(i)} * ${operand(i)} * 0.0001)`
          : r < 0.8
            ? `MIN(${operand(i)}, c) + MAX(${operand(i)} * 0.01, 0)`
            : `if(${operand(i)} > c, ${operand(i)} * 0.01, c * 0.01)`
    const graph = i % 10 === 9 ? { x: [0, 1, 2, 5, 10, 20], y: [0, 0.5, 0.8, 1, 1.1, 1.2] } : undefined
    d.push({ kind: 'aux', name: `a${i}`, equation, ...(graph ? { graph } : {}) })
  }
  for (let i = 0; i < nFlows; i++) {
    const from = i
    const to = pick(nStocks)
    d.push({ kind: 'flow', name: `f${i}`, equation: `s${from} * k * 0.5 + a${pick(nAux)} * 0.0001` })
    stocks[from]!.outflows.push(`f${i}`)
    if (to !== from) stocks[to]!.inflows.push(`f${i}`)
  }
  return assemble(`random-${n}`, d, steps)
}

function smoothDelay(n: number, steps: number): Model {
  const units = Math.max(1, Math.round((n - 2) / 4))
  const d: Draft[] = [
    { kind: 'param', name: 'tau', value: 3 },
    { kind: 'param', name: 'k', value: 0.1 },
  ]
  const stocks: Extract<Draft, { kind: 'stock' }>[] = []
  for (let i = 0; i < units; i++) {
    const s = { kind: 'stock' as const, name: `s${i}`, initial: String(1 + (i % 5)), inflows: [], outflows: [] }
    stocks.push(s)
    d.push(s)
  }
  const fns = ['SMTH1', 'SMTH3', 'DELAY3']
  for (let i = 0; i < units; i++) {
    const prev = `s${(i + units - 1) % units}`
    d.push({ kind: 'aux', name: `a${i}`, equation: `${fns[i % 3]}(${prev} * k, tau)` })
    d.push({ kind: 'aux', name: `b${i}`, equation: `a${i} * 0.99 + s${i} * 0.001` })
    d.push({ kind: 'flow', name: `f${i}`, equation: `b${i} - s${i} * k` })
    stocks[i]!.inflows.push(`f${i}`)
  }
  return assemble(`smooth-delay-${n}`, d, steps)
}

/** A generated model of about `n` public variables, run for `steps` steps of dt 1. */
export function generate(family: Family, n: number, steps: number): Model {
  switch (family) {
    case 'chain':
      return chain(n, steps)
    case 'random':
      return random(n, steps)
    case 'smooth-delay':
      return smoothDelay(n, steps)
  }
}

import { expect } from 'vitest'
import { parseEquation, printExpr } from '@stockflow/model'
import type { Element, MethodName, Model } from '@stockflow/model'
import { mapExpr } from '@stockflow/model/internal'
import { simulate } from '@stockflow/solver'
import { exportMdl, importMdl } from '../src/index.js'

/** A model written as `.mdl` and read back: the text, the model read, and the import's warnings. */
export function roundTrip(model: Model): { text: string; back: Model; warnings: readonly string[] } {
  const text = exportMdl(model)
  const { model: back, warnings } = importMdl(text, 'export.mdl', { name: model.name })
  return { text, back, warnings }
}

/** Whether two numbers agree within 1e-9 relative (NaN agrees with NaN). */
export function close(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b))
}

/**
 * The first place two runs differ (a series of `a`'s run that `b`'s lacks, or a value off by more than
 * 1e-9 relative), or undefined when every series of `a` is in `b` with the same values. `skip` names
 * series `a` may have that `b` need not.
 */
export function runDifference(
  a: Model,
  b: Model,
  method: MethodName = 'euler',
  skip: readonly string[] = [],
): string | undefined {
  const ra = simulate(a, { method })
  const rb = simulate(b, { method })
  const names = new Set(rb.names)
  for (const name of ra.names) {
    if (skip.includes(name)) continue
    if (!names.has(name)) return `${name}: not in the run read back`
    const x = ra.get(name)
    const y = rb.get(name)
    for (let i = 0; i < x.length; i++)
      if (!close(x[i]!, y[i]!)) return `${name} at t=${ra.times[i]}: ${x[i]} before, ${y[i]} read back`
  }
  return undefined
}

/** Expects the same run and the same set of series. */
export function expectSameRun(a: Model, b: Model, method: MethodName = 'euler'): void {
  expect(runDifference(a, b, method)).toBeUndefined()
  expect(simulate(b, { method }).names.length).toBe(simulate(a, { method }).names.length)
}

/**
 * An equation as the model's printer writes it with names as ids, a unary plus dropped: texts that
 * parse alike, whatever the spelling of their names, compare alike.
 */
export function normalEquation(text: string | undefined): string | undefined {
  if (text === undefined || text.trim() === '') return text
  const tree = mapExpr(parseEquation(text), (n) => (n.type === 'unary' && n.op === '+' ? n.arg : n))
  return printExpr(tree, { name: (n) => n.id })
}

/**
 * A model as plain data for comparing what the format keeps: the clock (Euler as no method), the
 * dimensions and each element by id with its equations normalized and per-element equations in
 * subscript order. Views, scenarios, loops and the model's doc are left out.
 */
export function shape(m: Model): Record<string, unknown> {
  const method = m.time.method === 'euler' ? undefined : m.time.method
  const out: Record<string, unknown> = { time: { ...m.time, method }, dimensions: m.dimensions ?? [] }
  for (const e of m.elements) out[e.id] = elementShape(e)
  return out
}

export function elementShape(e: Element): Record<string, unknown> {
  const x: Record<string, unknown> = { ...e }
  if ('equation' in x) x['equation'] = normalEquation(x['equation'] as string)
  if ('initial' in x) x['initial'] = normalEquation(x['initial'] as string)
  if (e.perElement)
    x['perElement'] = e.perElement
      .map((pe) => ({ ...pe, ...(pe.equation !== undefined ? { equation: normalEquation(pe.equation) } : {}) }))
      .sort((p, q) => (p.subscripts.join() < q.subscripts.join() ? -1 : 1))
  return x
}

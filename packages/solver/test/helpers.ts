import { afterEach, beforeEach } from 'vitest'
import { aux, model, param, stock, flow } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'

/** A model of auxiliaries from equation strings, plus a dummy stock so there is something to integrate. */
export function auxModel(
  equations: Record<string, string>,
  time = { start: 0, stop: 10, dt: 1 },
  extra: Element[] = [],
): Model {
  const elements: Element[] = [stock('Dummy', { initial: 0 }), ...extra]
  for (const [name, equation] of Object.entries(equations)) elements.push(aux(name, { equation }))
  return model('test', { time, elements } as never)
}

/**
 * The asm.js warnings of each test in the calling describe block: V8 reports asm.js it cannot validate
 * as a process warning, and then runs it as plain JavaScript.
 */
export function asmWarnings(): () => string[] {
  const warnings: string[] = []
  const listen = (w: Error) => warnings.push(w.message)
  beforeEach(() => {
    warnings.length = 0
    process.on('warning', listen)
  })
  afterEach(() => {
    process.off('warning', listen)
  })
  return () => warnings.filter((w) => /asm\.js/.test(w))
}

export { aux, flow, model, param, stock }

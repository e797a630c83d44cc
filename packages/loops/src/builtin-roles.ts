import { findBuiltin } from '@stockflow/model'
import type { Expr } from '@stockflow/model'

/** A call node of the equation AST. */
export type CallExpr = Extract<Expr, { type: 'call' }>

/**
 * What an argument of a builtin does to the call's value: `instant` acts within the step, `delayed`
 * is integrated by the builtin's internal stocks (SMOOTH, DELAY, PREVIOUS), `initial` only sets the
 * starting value and so carries no feedback.
 */
export type ArgRole = 'instant' | 'delayed' | 'initial'

// The same split as instantDeps/initialDeps in @stockflow/model (deps.ts), one role per argument.
const INSTANT: Readonly<Record<string, readonly number[]>> = {
  delay1: [1],
  delay3: [1],
  delayn: [1],
  trend: [0, 1],
  forcst: [0, 1, 2],
}
const INITIAL: Readonly<Record<string, readonly number[]>> = {
  smth1: [2],
  smth3: [2],
  smthn: [3],
  delay1: [2],
  delay3: [2],
  delayn: [3],
  delay_fixed: [2],
  trend: [2],
  forcst: [3],
  previous: [1],
  init: [0],
}

/** Whether a call keeps state or draws random numbers: its value cannot be recomputed from its arguments. */
export function hasHiddenState(e: Expr): boolean {
  if (e.type !== 'call') return false
  const kind = findBuiltin(e.fn)?.kind
  return kind === 'stateful' || kind === 'random'
}

/** The role of argument `index` of builtin `fn`; pure functions' arguments are all instant. */
export function argRole(fn: string, index: number): ArgRole {
  if (INITIAL[fn]?.includes(index)) return 'initial'
  if (findBuiltin(fn)?.kind !== 'stateful') return 'instant'
  return INSTANT[fn]?.includes(index) ? 'instant' : 'delayed'
}

import type { Expr } from './ast.js'
import { walk } from './ast.js'
import type { VarId } from './id.js'

/**
 * Which arguments of a stateful builtin its value depends on *within the same step*. SMTH1's value is
 * its internal stock, so its input is not an instantaneous dependency; DELAY1 divides by its delay time,
 * TREND and FORCST use their input directly. Only these edges can form algebraic loops.
 */
const INSTANT_ARGS: Readonly<Record<string, readonly number[]>> = {
  smth1: [],
  smth3: [],
  smthn: [],
  delay1: [1],
  delay3: [1],
  delayn: [1],
  delay_fixed: [],
  trend: [0, 1],
  forcst: [0, 1, 2],
  init: [],
  previous: [],
}

/** Ids an expression needs at every step, skipping arguments that stateful builtins only integrate. */
export function instantDeps(expr: Expr): VarId[] {
  const out = new Set<VarId>()
  const visit = (e: Expr): void => {
    switch (e.type) {
      case 'ref':
        out.add(e.id)
        return
      case 'lookup':
        out.add(e.id)
        visit(e.arg)
        return
      case 'unary':
        visit(e.arg)
        return
      case 'binary':
        visit(e.left)
        visit(e.right)
        return
      case 'if':
        visit(e.cond)
        visit(e.then)
        visit(e.else)
        return
      case 'call': {
        const instant = INSTANT_ARGS[e.fn]
        e.args.forEach((a, i) => {
          if (!instant || instant.includes(i)) visit(a)
        })
        return
      }
      default:
        return
    }
  }
  visit(expr)
  return [...out]
}

/** Every id an expression mentions anywhere (what its initial value may need). */
export function allDeps(expr: Expr): VarId[] {
  const out = new Set<VarId>()
  walk(expr, (n) => {
    if (n.type === 'ref' || n.type === 'lookup') out.add(n.id)
  })
  return [...out]
}

/**
 * Ids an expression needs for its *initial* value. Stateful builtins start from their initial-value
 * argument when given (else their input), so `PREVIOUS(x, 0)` inside x's own equation is no loop.
 */
export function initialDeps(expr: Expr): VarId[] {
  const out = new Set<VarId>()
  const visit = (e: Expr): void => {
    switch (e.type) {
      case 'ref':
        out.add(e.id)
        return
      case 'lookup':
        out.add(e.id)
        visit(e.arg)
        return
      case 'unary':
        visit(e.arg)
        return
      case 'binary':
        visit(e.left)
        visit(e.right)
        return
      case 'if':
        visit(e.cond)
        visit(e.then)
        visit(e.else)
        return
      case 'call': {
        const a = e.args
        const startFrom = (initIndex: number, ...also: number[]) => {
          visit(a[initIndex] ?? a[0]!)
          for (const i of also) if (a[i]) visit(a[i]!)
        }
        switch (e.fn) {
          case 'smth1':
          case 'smth3':
            return startFrom(2)
          case 'smthn':
            return startFrom(3)
          case 'delay1':
          case 'delay3':
          case 'delay_fixed':
            return startFrom(2, 1)
          case 'delayn':
            return startFrom(3, 1)
          case 'previous':
            return startFrom(1)
          default:
            a.forEach(visit)
            return
        }
      }
      default:
        return
    }
  }
  visit(expr)
  return [...out]
}

import { solverBuiltin } from './builtin-table.js'
import type { IR } from './ir.js'

/**
 * Whether an expression keeps one value through a run: it reads only slots that do (`fixed`:
 * parameters, values computed once) and no builtin whose value moves with time (`varies`, see
 * builtin-table.ts). SMOOTH's `tau / 3`, unit conversions and derived constants such as
 * `Total Provinces * Share` are then not recomputed every step.
 */
export function fixedForRun(ir: IR, fixed: (slot: number) => boolean): boolean {
  switch (ir.t) {
    case 'num':
      return true
    case 'slot':
      return fixed(ir.i)
    case 'un':
      return fixedForRun(ir.a, fixed)
    case 'bin':
      return fixedForRun(ir.l, fixed) && fixedForRun(ir.r, fixed)
    case 'if':
      return fixedForRun(ir.c, fixed) && fixedForRun(ir.a, fixed) && fixedForRun(ir.b, fixed)
    case 'table':
      return fixedForRun(ir.a, fixed)
    case 'fn':
      return !solverBuiltin(ir.fn)?.varies && ir.args.every((a) => fixedForRun(a, fixed))
    case 'range':
      for (let j = 0; j < ir.n; j++) if (!fixed(ir.base + j * ir.stride)) return false
      return true
  }
}

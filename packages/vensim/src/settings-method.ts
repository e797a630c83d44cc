import type { MethodName } from '@stockflow/model'
import type { MdlProblem } from './ast.js'

/**
 * Vensim's integration types, the fourth number of the settings line `15:` (as xmutil, by Vensim's
 * co-author, reads them): 0 Euler, 1 RK4, 2 Euler's difference form, 3 and 4 RK2, 5 RK4 with an
 * automatic step (stockflow's adaptive method, which the export writes as 5).
 */
const METHODS: readonly MethodName[] = ['euler', 'rk4', 'euler', 'rk2', 'rk2', 'adaptive']

/**
 * The integration method the settings after the sketch say (the `15:` line after the `:L<%^E!@`
 * marker), undefined for Euler, Vensim's default, and for a file without one. A code stockflow does
 * not know is a warning, and Euler.
 */
export function settingsMethod(
  settings: { readonly text: string; readonly line: number } | undefined,
  warn: (problem: MdlProblem) => void,
): MethodName | undefined {
  if (!settings) return undefined
  const lines = settings.text.split(/\r\n|\r|\n/)
  const marker = lines.findIndex((l) => /^:L\x7f?<%\^E!@/.test(l))
  if (marker < 0) return undefined
  for (let k = marker + 1; k < lines.length; k++) {
    const line = lines[k]!.trim()
    if (!line.startsWith('15:')) continue
    const code = line.slice(3).split(',')[3]?.trim()
    const method = code !== undefined && /^\d+$/.test(code) ? METHODS[Number(code)] : undefined
    if (method === undefined) {
      warn({
        pos: { line: settings.line + k, column: 1, offset: 0 },
        message: `the settings' integration type "${code ?? ''}" is none stockflow knows; the model runs with Euler`,
      })
      return undefined
    }
    return method === 'euler' ? undefined : method
  }
  return undefined
}

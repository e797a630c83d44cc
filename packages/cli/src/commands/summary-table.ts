import type { At, Ensemble } from '@stockflow/experiments'
import { toCSV } from './experiment-run.js'

/** A row per run: its number, the values it set, and each output reduced by `at` (blank if it failed). */
export function summaryTable(e: Ensemble, vars: readonly string[], at: At): string {
  const names = e.inputs.names
  const inputs = names.map((n) => e.input(n))
  const summaries = vars.map((v) => e.summary(v, at))
  const header = ['run', ...names, ...vars.map((v) => `${v} @ ${at}`)]
  const rows = Array.from({ length: e.runs }, (_, r) => [
    r,
    ...inputs.map((c) => c[r]!),
    ...summaries.map((c) => c[r]!),
  ])
  return toCSV(header, rows)
}

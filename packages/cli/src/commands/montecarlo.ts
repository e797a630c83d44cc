import { BAND_PERCENTILES, monteCarlo } from '@stockflow/experiments'
import type { Sampling } from '@stockflow/experiments'
import { StockflowError } from '@stockflow/model'
import type { Io } from '../main.js'
import { atFlag, distributions, outputs, runSettings, runsFlag, varies } from '../experiment-flags.js'
import type { ExperimentFlags } from '../experiment-flags.js'
import { emit, experimentContext, toCSV } from './experiment-run.js'
import { summaryTable } from './summary-table.js'

export interface MonteCarloFlags extends ExperimentFlags {
  sampling?: string
  perRun?: boolean
}

/**
 * `stockflow montecarlo MODEL --vary "A=normal(1,0.1)" --runs N`: percentile bands over time of each
 * output (`time, A p5, A p25, ...`), or with --per-run a row per run like sweep.
 */
export async function montecarloCommand(path: string, flags: MonteCarloFlags, io: Io): Promise<number> {
  const vary = distributions(varies(flags, 'montecarlo'), 'montecarlo')
  const runs = runsFlag(flags, 200)
  const sampling = (flags.sampling ?? 'lhs').toLowerCase()
  if (sampling !== 'lhs' && sampling !== 'random')
    throw new StockflowError(`--sampling must be lhs or random, got "${flags.sampling}"`)
  const settings = runSettings(flags)
  const ctx = await experimentContext(path, flags, io, 'montecarlo')
  const vars = outputs(flags, ctx.model)
  const e = await ctx.run(runs, (execute) =>
    monteCarlo(ctx.compiled, { ...settings, ...execute, vary, runs, vars, sampling: sampling as Sampling }),
  )
  if (flags.perRun) {
    emit(summaryTable(e, vars, atFlag(flags)), flags, io, [ctx.file])
    return 0
  }
  const bands = vars.map((v) => e.bands(v))
  const header = ['time', ...vars.flatMap((v) => BAND_PERCENTILES.map((p) => `${v} p${p}`))]
  const rows = Array.from(e.times, (t, i) => [t, ...bands.flatMap((b) => BAND_PERCENTILES.map((p) => b[`p${p}`][i]!))])
  emit(toCSV(header, rows), flags, io, [ctx.file])
  return 0
}

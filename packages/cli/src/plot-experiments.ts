import {
  renderCalibration,
  renderSensitivity,
  renderSweepAt,
  renderTrajectories,
  sequentialColors,
} from '@stockflow/diagram'
import type { Rendered, ChartLayout, SweepAtData } from '@stockflow/diagram'
import type { At, Calibration, Ensemble, RunSettings, SensitivityResult } from '@stockflow/experiments'
import { canonicalId } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import type { CompiledModel } from '@stockflow/solver'
import { trajectoryPanels } from './plot-panels.js'

/**
 * The charts of `--plot` on the experiment commands, from their results as the commands hold them.
 * Units come from the compiled model; titles name the model and the experiment.
 */

/** Monte Carlo: each output's 5–95% and 25–75% bands and median over time, a panel per output. */
export function monteCarloChart(compiled: CompiledModel, e: Ensemble, vars: readonly string[]): Rendered<ChartLayout> {
  const series = Object.fromEntries(vars.map((v) => [v, e.bands(v)]))
  const runs = Math.max(0, ...Object.values(series).map((b) => b.runs))
  return renderTrajectories(
    {
      times: e.times,
      runs: [],
      variables: trajectoryPanels(withUnits(compiled, vars)),
      ...timeUnits(compiled),
      bands: { label: `Monte Carlo, ${runs} runs`, series },
    },
    { title: `${compiled.model.name}: Monte Carlo` },
  )
}

/**
 * A sweep: without `at`, every run's outputs over time, a line per run coloured in the order of its
 * levels, the legend giving them; with `at`, each output reduced by it against the first swept parameter.
 */
export function sweepChart(
  compiled: CompiledModel,
  e: Ensemble,
  vars: readonly string[],
  at: At | undefined,
): Rendered<ChartLayout> {
  const title = `${compiled.model.name}: sweep`
  const names = e.inputs.names
  const inputs = names.map((n) => e.input(n))
  const labelOf = (r: number, which: readonly number[]) => which.map((j) => `${names[j]}=${inputs[j]![r]}`).join(', ')
  if (at === undefined) {
    const colors = sequentialColors(e.runs)
    const all = names.map((_, j) => j)
    return renderTrajectories(
      {
        times: e.times,
        runs: Array.from({ length: e.runs }, (_, r) => ({
          label: labelOf(r, all),
          color: colors[r]!,
          series: Object.fromEntries(vars.map((v) => [v, e.series(r, v)])),
        })),
        variables: trajectoryPanels(withUnits(compiled, vars)),
        ...timeUnits(compiled),
      },
      { title },
    )
  }
  // A line per combination of the other parameters' levels, in the order runs first meet them.
  const others = names.slice(1).map((_, j) => j + 1)
  const groups = new Map<string, number[]>()
  for (let r = 0; r < e.runs; r++) {
    const key = labelOf(r, others)
    const g = groups.get(key)
    if (g) g.push(r)
    else groups.set(key, [r])
  }
  const summaries = new Map(vars.map((v) => [v, e.summary(v, at)]))
  const data: SweepAtData = {
    parameter: names[0]!,
    at: String(at),
    outputs: withUnits(compiled, vars),
    lines: [...groups].map(([label, rs]) => ({
      label: label || names[0]!,
      x: rs.map((r) => inputs[0]![r]!),
      values: Object.fromEntries(vars.map((v) => [v, rs.map((r) => summaries.get(v)![r]!)])),
    })),
  }
  return renderSweepAt(data, { title })
}

/** Sensitivity: Sobol indices as bars with their intervals, or Morris mu* against sigma; a panel per output. */
export function sensitivityChart(
  compiled: CompiledModel,
  results: readonly SensitivityResult[],
): Rendered<ChartLayout> {
  const analysis = results[0]?.analysis ?? 'sobol'
  return renderSensitivity(
    { analysis, outputs: results },
    { title: `${compiled.model.name}: ${analysis === 'sobol' ? 'Sobol' : 'Morris'} sensitivity`, columns: 2 },
  )
}

/** Calibration: each series' observations against the run with the fitted values, at every save time. */
export function calibrationChart(
  compiled: CompiledModel,
  settings: RunSettings,
  result: Calibration,
): Rendered<ChartLayout> {
  const variables = [...new Set(result.series.map((s) => s.variable))]
  const run = simulate(compiled, { ...settings, set: result.set, vars: variables, onNonFinite: 'continue' })
  const units = new Map(compiled.variables.map((v) => [v.id, v.units]))
  return renderCalibration(
    {
      times: run.times,
      series: result.series.map((s) => {
        const u = units.get(canonicalId(s.variable))
        return {
          name: s.name,
          variable: s.variable,
          ...(u !== undefined ? { units: u } : {}),
          observedTimes: s.times,
          observed: s.observed,
          fitted: run.get(s.variable),
        }
      }),
      ...timeUnits(compiled),
    },
    { title: `${compiled.model.name}: calibration` },
  )
}

/** Output names with the units the compiled model gives them. */
function withUnits(compiled: CompiledModel, vars: readonly string[]): { name: string; units?: string }[] {
  const units = new Map(compiled.variables.map((v) => [v.id, v.units]))
  return vars.map((name) => {
    const u = units.get(canonicalId(name))
    return u !== undefined ? { name, units: u } : { name }
  })
}

function timeUnits(compiled: CompiledModel): { timeUnits?: string } {
  const u = compiled.model.time.units
  return u !== undefined ? { timeUnits: u } : {}
}

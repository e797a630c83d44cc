/**
 * `pnpm bench --montecarlo`: Monte Carlo throughput (runs per second) of the involution model in this
 * thread and with 1 and 2 worker threads.
 *
 * Every structural parameter of the model (not the policy levers, which scenarios switch) varies
 * uniformly over its slider range; a run keeps the 14 stocks at every save point. Each configuration
 * runs the same Latin hypercube of `--mc-runs` runs (default 1000) once per round, the order rotated
 * every round; we keep each configuration's median over rounds. The pools start before the first round
 * (thread start-up is not counted; each pool compiles the model once per experiment, which is).
 * All configurations must return bit-identical ensembles.
 */
import os from 'node:os'
import { inProcess, monteCarlo, uniform } from '@stockflow/experiments'
import type { Distribution, Ensemble, Executor } from '@stockflow/experiments'
import { workerPool } from '@stockflow/experiments/node'
import { compile } from '@stockflow/solver'
import { isPolicyLever } from '../seeds/involution/levers.ts'
import involution from '../seeds/involution/model.ts'
import { resultsPath, writeJson, writeResultsMd } from './report.ts'

/** Parameters a scenario switches (policy levers): left at their baseline values. */

/** Every structural parameter with a slider range, as a uniform distribution over it. */
export function involutionUncertainty(): Record<string, Distribution> {
  const vary: Record<string, Distribution> = {}
  for (const e of involution.elements) {
    if (e.kind !== 'param' || isPolicyLever(e.name)) continue
    if (e.min !== undefined && e.max !== undefined && e.max > e.min) vary[e.name] = uniform(e.min, e.max)
  }
  return vary
}

export async function montecarloBench(options: { runs: number; rounds: number }): Promise<void> {
  const vary = involutionUncertainty()
  const vars = involution.elements.filter((e) => e.kind === 'stock').map((e) => e.name)
  const compiled = compile(involution)
  const one = workerPool({ workers: 1 })
  const two = workerPool({ workers: 2 })
  const configs: { label: string; workers: number; executor: Executor }[] = [
    { label: 'this thread', workers: 0, executor: inProcess({ compiled }) },
    { label: '1 worker', workers: 1, executor: one },
    { label: '2 workers', workers: 2, executor: two },
  ]
  const run = (executor: Executor) =>
    monteCarlo(involution, { vary, runs: options.runs, seed: 1, vars, executor, method: 'euler' })
  // Warm up each configuration (JIT, worker compile), and check they agree bit for bit.
  let reference: Ensemble | undefined
  for (const c of configs) {
    const e = await run(c.executor)
    if (e.failures.length) console.log(`${c.label}: ${e.failures.length} runs failed, e.g. ${e.failures[0]!.message}`)
    if (reference && !sameNumbers(reference.values, e.values)) throw new Error(`${c.label} differs from this thread`)
    reference ??= e
  }
  const times = configs.map(() => [] as number[])
  for (let round = 0; round < options.rounds; round++) {
    for (let j = 0; j < configs.length; j++) {
      const i = (round + j) % configs.length
      const t = performance.now()
      await run(configs[i]!.executor)
      times[i]!.push(performance.now() - t)
    }
  }
  await one.close()
  await two.close()
  const base = median(times[0]!)
  const rows = configs.map((c, i) => {
    const ms = median(times[i]!)
    return {
      config: c.label,
      workers: c.workers,
      runs: options.runs,
      medianMs: ms,
      runsPerSecond: (options.runs / ms) * 1000,
      speedup: base / ms,
    }
  })
  console.log(
    `Monte Carlo, involution model: ${Object.keys(vary).length} parameters varied, ${options.runs} runs, ${options.rounds} rounds, ${os.cpus().length} CPUs`,
  )
  for (const r of rows)
    console.log(
      `${r.config.padEnd(12)} ${r.medianMs.toFixed(0).padStart(7)} ms  ${r.runsPerSecond.toFixed(0).padStart(6)} runs/s  ${r.speedup.toFixed(2)}x`,
    )
  await writeJson(resultsPath('montecarlo.json'), {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    parameters: Object.keys(vary).length,
    rounds: options.rounds,
    rows,
  })
  await writeResultsMd()
}

function sameNumbers(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false
  return true
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

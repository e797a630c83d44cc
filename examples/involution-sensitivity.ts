/**
 * Which parameters drive local-government debt? Sobol indices of the involution model's Local Debt
 * Ratio (debt in years of revenue) in 2030, baseline scenario.
 *
 *   pnpm tsx --conditions=@stockflow/source examples/involution-sensitivity.ts [N] [spread]
 *
 * Every structural parameter (not the policy levers, which the scenarios switch) is uniform within
 * ±spread (default 20%) of its baseline value, clipped to its slider range; N (default 256) base
 * samples make N·(k+2) runs, spread over one worker thread per core.
 */
import { sensitivity, uniform } from '@stockflow/experiments'
import type { Distribution } from '@stockflow/experiments'
import { workerPool } from '@stockflow/experiments/node'
import { isPolicyLever } from '../seeds/involution/levers.ts'
import involution from '../seeds/involution/model.ts'

const n = Number(process.argv[2] ?? 256)
const spread = Number(process.argv[3] ?? 0.2)
const vary: Record<string, Distribution> = {}
for (const e of involution.elements) {
  if (e.kind !== 'param' || isPolicyLever(e.name) || e.value === 0) continue
  const lo = Math.max(e.min ?? -Infinity, e.value * (1 - spread))
  const hi = Math.min(e.max ?? Infinity, e.value * (1 + spread))
  if (hi > lo) vary[e.name] = uniform(lo, hi)
}
const pool = workerPool()
const started = performance.now()
try {
  const s = await sensitivity(involution, { vary, output: 'Local Debt Ratio', at: 2030, runs: n, executor: pool })
  const seconds = (performance.now() - started) / 1000
  console.log(
    `${Object.keys(vary).length} parameters ±${spread * 100}%, N = ${n}: ${s.runs} runs in ${seconds.toFixed(1)} s with ${pool.workers} workers`,
  )
  console.log('parameter'.padEnd(40), 'first', '±95%', 'total', '±95%')
  for (const i of s.inputs.slice(0, 10))
    console.log(
      i.name.padEnd(40),
      i.first!.toFixed(3),
      i.firstConf!.toFixed(3),
      i.total!.toFixed(3),
      i.totalConf!.toFixed(3),
    )
} finally {
  await pool.close()
}

import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createSynchronousModelRunner } from '@sdeverywhere/runtime'
import type { GeneratedModel } from '@sdeverywhere/runtime'
import { afterAll, describe, expect, it } from 'vitest'
import type { Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { exportXmile } from '@stockflow/xmile'
import sir from '../seeds/SIR/model.js'
import teacup from '../seeds/teacup/model.js'
import { loadSdeCompiler } from './support/sdeverywhere.js'

// SDEverywhere, the one peer engine that runs here, re-reads what stockflow exports as XMILE: its
// compiler turns the file into a JS model, its runtime runs it in this process, and every variable
// must match stockflow's own run within PySD's tolerance.

const scratch = join(__dirname, '.scratch')
const written: string[] = []
afterAll(() => {
  for (const f of written) rmSync(f, { force: true })
})

/** Compiles XMILE with SDEverywhere and runs it; series by SDEverywhere variable id. */
async function runWithSde(xml: string, names: string[], label: string) {
  const sde = await loadSdeCompiler()
  sde.resetState()
  mkdirSync(scratch, { recursive: true })
  const parsed = sde.parseModel(xml, 'xmile', scratch)
  const code = sde.generateCode(parsed, {
    spec: { inputVarNames: [], outputVarNames: names },
    operations: ['generateJS'],
    extData: new Map(),
    directData: new Map(),
    modelDirname: scratch,
  })
  const file = join(scratch, `${label}-${process.pid}.js`)
  writeFileSync(file, code)
  written.push(file)
  const load = ((await import(pathToFileURL(file).href)) as { default: () => Promise<GeneratedModel> }).default
  const runner = createSynchronousModelRunner(await load())
  const outputs = await runner.runModel([], runner.createOutputs())
  return { outputs, idOf: (n: string) => sde.canonicalName(n) }
}

const cases: [string, Model][] = [
  ['teacup', teacup],
  ['SIR', sir],
]

describe('SDEverywhere re-reads stockflow XMILE', () => {
  for (const [label, model] of cases) {
    it(`${label}: every variable matches stockflow's Euler run`, async () => {
      const run = simulate(model, { method: 'euler' })
      const { outputs, idOf } = await runWithSde(exportXmile(model), run.names, label)
      let compared = 0
      let worst = 0
      for (const name of run.names) {
        const series = outputs.getSeriesForVar(idOf(name))
        expect(series, `SDEverywhere has no ${name}`).toBeDefined()
        const expected = run.get(name)
        expect(series!.points.map((p) => p.x)).toEqual([...run.times])
        series!.points.forEach((p, i) => {
          const diff = Math.abs(p.y - expected[i]!)
          worst = Math.max(worst, diff / (1 + Math.abs(expected[i]!)))
          expect(diff, `${name} at t=${p.x}: SDEverywhere ${p.y}, stockflow ${expected[i]}`).toBeLessThanOrEqual(
            1e-5 + 1e-5 * Math.abs(expected[i]!),
          )
          compared++
        })
      }
      expect(compared).toBe(run.names.length * run.times.length)
      // Same Euler arithmetic in both engines: the runs agree to rounding.
      expect(worst).toBeLessThan(1e-12)
    })
  }
})

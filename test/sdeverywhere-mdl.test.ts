import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { exportMdl, importMdl } from '@stockflow/vensim'
import regional from '../seeds/regional-sir/model.js'
import sir from '../seeds/SIR/model.js'
import teacup from '../seeds/teacup/model.js'
import { corpusPath } from './support/corpus.js'
import { compileSdeJs, sdeVensimName, sdeVensimText } from './support/sdeverywhere.js'
import { WORLD3_MODEL } from './support/world3.js'

// SDEverywhere, the one peer engine that runs here, re-reads what stockflow exports as Vensim .mdl:
// its compiler turns the file into a JS model, its runtime runs it in this process, and every variable
// must match stockflow's own run of the same file within PySD's tolerance (as for XMILE, in
// sdeverywhere-xmile.test.ts). Arrayed models go through SDEverywhere's subscripts.

/** A flat element's name as SDEverywhere's spec wants it: `Name[a,b]`, the name quoted when it must be. */
function specName(name: string): string {
  const m = /^(.*)\[(.*)\]$/.exec(name)
  return m ? `${sdeVensimName(m[1]!)}[${m[2]}]` : sdeVensimName(name)
}

/**
 * Compiles `mdl` with SDEverywhere and compares its run with stockflow's run of the same text:
 * returns the number of values compared and the worst difference relative to 1 + |value|.
 */
async function compareWithSde(mdl: string): Promise<{ compared: number; worst: number; model: Model }> {
  const model = importMdl(mdl, 'export.mdl').model
  const run = simulate(model, { method: 'euler' })
  const sde = await compileSdeJs(sdeVensimText(mdl), 'vensim', run.names.map(specName))
  const outputs = sde.run()
  // SDEverywhere's ids of an element: the variable's, then each subscript's.
  const idOf = (name: string) => {
    const m = /^(.*)\[(.*)\]$/.exec(name)
    if (!m) return sde.idOf(sdeVensimName(name))
    return `${sde.idOf(sdeVensimName(m[1]!))}[${m[2]!
      .split(',')
      .map((s) => sde.idOf(s))
      .join(',')}]`
  }
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
  return { compared, worst, model }
}

describe('SDEverywhere re-reads stockflow .mdl', () => {
  for (const [label, m] of [
    ['teacup', teacup],
    ['SIR', sir],
  ] as const) {
    it(`${label}: every variable matches stockflow's Euler run`, async () => {
      const { worst } = await compareWithSde(exportMdl(m))
      // Same Euler arithmetic in both engines: the runs agree to rounding.
      expect(worst).toBeLessThan(1e-12)
    })
  }

  it('the regional SIR seed (arrays): every element matches stockflow’s Euler run', async () => {
    const { worst, model } = await compareWithSde(exportMdl(regional))
    expect(model.dimensions?.map((d) => d.name)).toEqual(['Region'])
    expect(worst).toBeLessThan(1e-12)
  })
})

const world3 = corpusPath('world3')

describe.skipIf(!world3)('SDEverywhere re-reads World3-03 exported by stockflow (corpus)', () => {
  it('every variable of the exported wrld3-03.mdl matches stockflow’s run of it', async () => {
    const original = importMdl(readFileSync(join(world3!, WORLD3_MODEL)), WORLD3_MODEL).model
    const { compared, worst } = await compareWithSde(exportMdl(original))
    expect(compared).toBeGreaterThan(250 * 401)
    expect(worst).toBeLessThan(1e-9)
  }, 120_000)
})

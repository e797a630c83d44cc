import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { eq, flow, model, param, stock } from '@stockflow/model'
import { monteCarlo, normal, sensitivity, uniform } from '@stockflow/experiments'

describe('README', () => {
  it('runs the example and shows what it prints', async () => {
    // README start
    const population = stock('Population', { initial: 10 })
    const rate = param('Growth Rate', 0.1)
    const capacity = param('Carrying Capacity', 1000)
    const growth = flow('Net Growth', {
      to: population,
      rate: eq`${rate} * ${population} * (1 - ${population} / ${capacity})`,
    })
    const logistic = model('logistic', {
      time: { start: 0, stop: 100, dt: 0.25, saveper: 5 },
      elements: [population, rate, capacity, growth],
    })

    const vary = { 'Growth Rate': normal(0.1, 0.02), 'Carrying Capacity': uniform(800, 1200) }
    const mc = await monteCarlo(logistic, { vary, runs: 500, seed: 1, vars: ['Population'] })
    const bands = mc.bands('Population') // p5, p25, p50, p75, p95 at every save time

    const s = await sensitivity(logistic, { vary, output: 'Population', at: 40, runs: 1024 })
    // README end
    const shown = s.inputs.map((i) => `${i.name}: total ${i.total!.toFixed(2)}`)
    expect(shown).toEqual(['Growth Rate: total 0.97', 'Carrying Capacity: total 0.02'])
    expect(bands.p5[20]!).toBeLessThan(bands.p95[20]!)
    const readme = readFileSync(join(__dirname, '../README.md'), 'utf8')
    expect(readme).toContain(`// ${JSON.stringify(shown).replace(/"/g, "'").replace(/,/g, ', ')}`)
    const source = readFileSync(__filename, 'utf8')
    const lines = source.slice(source.indexOf('// README start'), source.indexOf('// README end')).split('\n').slice(1)
    for (const line of lines) expect(readme).toContain(line.trim())
  })
})

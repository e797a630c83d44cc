import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { aux, eq, flow, model, param, stock } from '@stockflow/model'
import { analyzeLoops, loopDominance } from '@stockflow/loops'

// The README's example, line for line; the test checks the README still shows this code.
function example() {
  // README start
  const population = stock('Population', { initial: 1 })
  const rate = param('Growth Rate', 0.1)
  const capacity = param('Carrying Capacity', 1000)
  const crowding = aux('Crowding', { equation: eq`1 - ${population} / ${capacity}` })
  const growth = flow('Net Growth', { to: population, rate: eq`${rate} * ${population} * ${crowding}` })
  const logistic = model('logistic', {
    time: { start: 0, stop: 150, dt: 0.25, saveper: 1 },
    elements: [population, rate, capacity, crowding, growth],
  })
  // README end

  const analysis = analyzeLoops(logistic)
  const loops = analysis.loops.map((l) => `${l.id} ${l.polarity}: ${l.names.join(' -> ')}`)

  const dominance = loopDominance(analysis)
  const intervals = dominance.intervals.map((i) => `${i.start}-${i.end}: ${i.loop}`)
  return { loops, intervals }
}

describe('README', () => {
  it('shows what the example prints', () => {
    const { loops, intervals } = example()
    expect(loops).toEqual([
      'R1 reinforcing: Population -> Net Growth',
      'B1 balancing: Population -> Crowding -> Net Growth',
    ])
    expect(intervals).toEqual(['1-70: R1', '71-150: B1'])
    const readme = readFileSync(join(__dirname, '../README.md'), 'utf8')
    const source = readFileSync(__filename, 'utf8')
    const shown = source.slice(source.indexOf('// README start'), source.indexOf('// README end')).split('\n').slice(1)
    for (const line of shown) expect(readme).toContain(line.trim())
    expect(readme).toContain(`// ${JSON.stringify(loops).replace(/"/g, "'").replace(/','/g, "', '")}`)
    expect(readme).toContain(`// ${JSON.stringify(intervals).replace(/"/g, "'").replace(/','/g, "', '")}`)
  })
})

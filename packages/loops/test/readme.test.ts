import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { aux, eq, flow, model, modelFromData, param, stock } from '@stockflow/model'
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

// The README's arrayed example, likewise.
function arrayed() {
  // README arrays start
  const towns = modelFromData({
    name: 'two towns',
    time: { start: 0, stop: 100, dt: 0.25, saveper: 1 },
    dimensions: [{ name: 'Town', elements: ['upper', 'lower'] }],
    elements: [
      { kind: 'stock', name: 'Population', dimensions: ['Town'], initial: '10', inflows: ['births'], outflows: [] },
      { kind: 'aux', name: 'Crowding', equation: 'SUM(Population[*]) / 1000' },
      { kind: 'flow', name: 'Births', dimensions: ['Town'], equation: '0.1 * Population * (1 - Crowding)' },
    ],
  })

  const analysis = analyzeLoops(towns)
  const loops = analysis.loops.map((l) => `${l.id}: ${l.names.join(' -> ')} (${l.elementLoops?.join(' ')})`)
  const b1 = analysis.elements?.loop('B1')?.names

  const dominance = loopDominance(analysis)
  const intervals = dominance.intervals.map((i) => `${i.start}-${i.end}: ${i.loop}`)
  // README arrays end
  return { loops, b1, intervals }
}

/** The README lines between two markers of this file, each as the README shows it (results unnamed). */
function shownBetween(start: string, end: string): string[] {
  const source = readFileSync(__filename, 'utf8')
  return source
    .slice(source.indexOf(start), source.indexOf(end))
    .split('\n')
    .slice(1)
    .map((line) => line.trim().replace(/^const (loops|b1|intervals) = /, ''))
    .filter((line) => line !== '')
}

/** How the README writes a value in a comment. */
const comment = (value: unknown) => `// ${JSON.stringify(value).replace(/"/g, "'").replace(/','/g, "', '")}`

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

  it('shows what the arrayed example prints', () => {
    const { loops, b1, intervals } = arrayed()
    expect(loops).toEqual(['R1: Population -> Births (R1 R2)', 'B1: Population -> Crowding -> Births (B1 B2)'])
    expect(b1).toEqual(['Population[lower]', 'Crowding', 'Births[lower]'])
    expect(intervals).toEqual(['1-46: R1', '47-100: B1'])
    const readme = readFileSync(join(__dirname, '../README.md'), 'utf8')
    for (const line of shownBetween('// README arrays start', '// README arrays end')) expect(readme).toContain(line)
    for (const value of [loops, b1, intervals]) expect(readme).toContain(comment(value))
  })
})

import { describe, expect, it } from 'vitest'
import { checkUnits, dependencyGraph, lint } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import involution from '../../../seeds/involution/model.ts'
import regionalSir from '../../../seeds/regional-sir/model.ts'
import teacup from '../../../seeds/teacup/model.ts'
import { documentRows, equationText, modelWarnings, rowMatches, runRange } from '../src/document-rows.ts'

const rowsOf = (model: typeof teacup, warnings?: Parameters<typeof documentRows>[3]) =>
  documentRows(model, dependencyGraph(model), simulate(compile(model)), warnings)

describe('the model document rows', () => {
  it('lists every variable with its equation, units, doc, range, causes, uses and run', () => {
    const rows = rowsOf(teacup)
    expect(rows.map((r) => r.id)).toEqual(teacup.elements.map((e) => e.id))
    const stock = rows.find((r) => r.id === 'teacup_temperature')!
    expect(stock).toMatchObject({
      name: 'Teacup Temperature',
      kind: 'stock',
      equation: 'INTEG(-"Heat Loss to Room", 180)',
      units: 'degF',
      doc: 'Temperature of the tea in the cup',
      min: 0,
      max: 212,
    })
    expect(stock.causes.map((c) => c.name)).toEqual(['Heat Loss to Room'])
    expect(stock.uses.map((c) => c.name)).toEqual(['Heat Loss to Room'])
    expect(stock.series).toHaveLength(1)
    expect(stock.series[0]![0]).toBe(180)
    const flow = rows.find((r) => r.id === 'heat_loss_to_room')!
    expect(flow.causes.map((c) => c.id).sort()).toEqual([
      'characteristic_time',
      'room_temperature',
      'teacup_temperature',
    ])
    const range = runRange(stock)
    expect(range.max).toBe(180)
    expect(range.min).toBeGreaterThan(70)
  })

  it('reads an arrayed variable as one row: its elements as series, causes and uses by variable', () => {
    const rows = rowsOf(regionalSir)
    expect(rows).toHaveLength(regionalSir.elements.length)
    const infected = rows.find((r) => r.id === 'infected')!
    expect(infected.dimensions).toEqual(['Region'])
    expect(infected.series).toHaveLength(3)
    expect(infected.equation).toContain('[north]: 5')
    for (const ref of [...infected.causes, ...infected.uses]) expect(ref.id).not.toContain('[')
    expect(infected.uses.map((r) => r.id)).not.toContain('infected')
    const susceptible = rows.find((r) => r.id === 'susceptible')!
    expect(susceptible.equation).toMatch(/^INTEG\(-\w+, /)
  })

  it('puts each warning on the variable it names, elements of an array on their variable', async () => {
    const run = simulate(compile(involution))
    const warnings = { units: await checkUnits(involution), lint: lint(involution, run) }
    const rows = documentRows(involution, dependencyGraph(involution), run, warnings)
    expect(rows).toHaveLength(227)
    const named = warnings.lint.filter((i) => i.element !== undefined).length
    expect(rows.reduce((n, r) => n + r.warnings.length, 0)).toBe(named + warnings.units.length)
    expect(rows.find((r) => r.name === 'Zombification')!.warnings[0]).toMatchObject({
      source: 'lint',
      code: 'buried-constant',
    })
    expect(modelWarnings(warnings)).toHaveLength(warnings.lint.length - named)

    const sir = documentRows(regionalSir, dependencyGraph(regionalSir), undefined, {
      units: [{ severity: 'warning', code: 'units', message: 'x', element: 'Infected[north]' }],
      lint: [],
    })
    expect(sir.find((r) => r.id === 'infected')!.warnings).toEqual([
      { source: 'units', code: 'units', message: 'Infected[north]: x' },
    ])
  })

  it('filters by every word of a query in name, equation, units or doc', () => {
    const rows = documentRows(involution, dependencyGraph(involution), undefined)
    const price = rows.filter((r) => rowMatches(r, 'Price'))
    expect(price.map((r) => r.name)).toContain('Price')
    expect(price.length).toBeLessThan(rows.length)
    expect(rows.filter((r) => rowMatches(r, '  ')).length).toBe(rows.length)
    expect(rows.filter((r) => rowMatches(r, 'price stock')).every((r) => rowMatches(r, 'price'))).toBe(true)
  })

  it('writes lookups and graphical functions in brief', () => {
    expect(equationText({ kind: 'lookup', name: 'L', id: 'l', x: [0, 5, 10], y: [1, 2, 3] })).toBe(
      'lookup of 3 points, x 0 to 10',
    )
    expect(equationText({ kind: 'aux', name: 'A', id: 'a', equation: 'x', graph: { x: [0, 1], y: [0, 1] } })).toBe(
      'x → graph of 2 points, x 0 to 1',
    )
  })
})

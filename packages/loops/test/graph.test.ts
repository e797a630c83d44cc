import { describe, expect, it } from 'vitest'
import { aux, eq, flow, lookup, model, param, stock } from '@stockflow/model'
import teacup from '../../../seeds/teacup/model.js'
import { parseEquation, printExpr } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { causalGraph, causesIn } from '../src/causal-graph.js'
import { hoistHiddenState } from '../src/hoist.js'
import { modelEquations } from '../src/equations.js'
import { smoothedModel } from './models.js'

describe('causalGraph', () => {
  it('links every referenced variable to its reader, and flows to their stocks', () => {
    const g = causalGraph(teacup)
    expect(g.nodes.map((n) => n.id)).toEqual([
      'teacup_temperature',
      'heat_loss_to_room',
      'room_temperature',
      'characteristic_time',
    ])
    expect(g.links).toEqual([
      { from: 'heat_loss_to_room', to: 'teacup_temperature', kind: 'outflow', delayed: false },
      { from: 'teacup_temperature', to: 'heat_loss_to_room', kind: 'equation', delayed: false },
      { from: 'room_temperature', to: 'heat_loss_to_room', kind: 'equation', delayed: false },
      { from: 'characteristic_time', to: 'heat_loss_to_room', kind: 'equation', delayed: false },
    ])
    expect(g.linksTo('heat_loss_to_room')).toHaveLength(3)
    expect(g.link('heat_loss_to_room', 'teacup_temperature')?.kind).toBe('outflow')
  })

  it('shows a path through the internal stocks of SMOOTH and DELAY as one delayed link', () => {
    const g = causalGraph(smoothedModel())
    expect(g.link('inventory', 'perceived_inventory')).toMatchObject({ delayed: true, kind: 'equation' })
    expect(g.link('perceived_inventory', 'orders')).toMatchObject({ delayed: false })
  })

  it('leaves out initial-value arguments, and lookups (functions, not variables)', () => {
    expect([...causesIn(parseEquation('SMTH1(a, b, c) + INIT(d) + PREVIOUS(e, f) + g'))]).toEqual([
      ['a', true],
      ['b', true],
      ['e', true],
      ['g', false],
    ])
    expect([...causesIn(parseEquation('DELAY1(a, b) + a'))]).toEqual([
      ['a', false],
      ['b', false],
    ])
    const x = stock('X', { initial: 1 })
    const effect = lookup('Effect', [
      [0, 0],
      [1, 1],
    ])
    const f = flow('F', { to: x, rate: eq`${effect}(${x})` })
    const g = causalGraph(model('m', { time: { start: 0, stop: 1, dt: 1 }, elements: [x, effect, f] }))
    expect(g.nodes.map((n) => n.id)).toEqual(['x', 'f'])
    expect(g.links.map((l) => `${l.from}>${l.to}`)).toEqual(['f>x', 'x>f'])
  })
})

describe('hoistHiddenState', () => {
  it('moves stateful calls into auxiliaries without changing the run', () => {
    const m = smoothedModel()
    const hoisted = hoistHiddenState(m, modelEquations(m))
    expect(hoisted.model.elements.map((e) => e.name)).toContain('Perceived Inventory ⟨smth1 1⟩')
    const before = simulate(m).get('Inventory')
    const after = simulate(hoisted.model).get('Inventory')
    expect(Array.from(after)).toEqual(Array.from(before))
  })

  it('writes a lookup call under a minus or a power so that it reads back', () => {
    const x = stock('x', { initial: 1 })
    const effect = lookup('Effect', [
      [0, 0],
      [2, 1],
    ])
    // Unquoted here: the parser cannot read `-"Effect"(...)`, which is what the printer must avoid.
    const f = flow('F', { to: x, rate: '-Effect(smth1(x, 1)) + Effect(delay1(x, 1)) ^ 2' })
    const m = model('m', { time: { start: 0, stop: 2, dt: 0.5 }, elements: [x, effect, f] })
    const hoisted = hoistHiddenState(m, modelEquations(m))
    expect(Array.from(simulate(hoisted.model).get('x'))).toEqual(Array.from(simulate(m).get('x')))
  })

  it('returns a model without stateful calls as it is', () => {
    expect(hoistHiddenState(teacup, modelEquations(teacup)).model).toBe(teacup)
  })

  it('prints expressions that parse back to the same tree', () => {
    for (const text of [
      'a - (b - c) * -d ^ 2',
      'if(a > 1 and not b, "Room Temperature", 3 % 2)',
      '"Price Effect"(x / 2) + TIME + PULSE_TRAIN(1, 2, 3, 4)',
      'x == 1 ? SMTH3(y, 2) : -1e-7',
    ]) {
      const tree = parseEquation(text)
      expect(stripSpans(parseEquation(printExpr(tree)))).toEqual(stripSpans(tree))
    }
  })
})

function stripSpans(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(stripSpans)
  if (x && typeof x === 'object')
    return Object.fromEntries(
      Object.entries(x)
        .filter(([k]) => k !== 'span' && k !== 'name')
        .map(([k, v]) => [k, stripSpans(v)]),
    )
  return x
}

describe('param and aux elements', () => {
  it('are nodes; parameters have no causes', () => {
    const a = param('A', 1)
    const b = aux('B', { equation: eq`${a} * 2` })
    const g = causalGraph(model('m', { time: { start: 0, stop: 1, dt: 1 }, elements: [a, b] }))
    expect(g.linksTo('a')).toEqual([])
    expect(g.linksFrom('a').map((l) => l.to)).toEqual(['b'])
  })
})

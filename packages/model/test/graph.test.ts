import { describe, expect, it } from 'vitest'
import { aux, dependencyGraph, eq, flow, lookup, model, param, stock } from '@stockflow/model'
import type { DependencyEdge, Model } from '@stockflow/model'

const time = { start: 0, stop: 30, dt: 0.125 }

function teacup(): Model {
  const room = param('Room Temperature', 70)
  const tau = param('Characteristic Time', 10)
  const temperature = stock('Teacup Temperature', { initial: eq`${room} + 110` })
  const heatLoss = flow('Heat Loss', { from: temperature, rate: eq`(${temperature} - ${room}) / ${tau}` })
  const heater = flow('Heater', { to: temperature, rate: 1 })
  return model('teacup', { time, elements: [room, tau, temperature, heatLoss, heater] })
}

const edge = (from: string, to: string, kind: DependencyEdge['kind'], instant = true): DependencyEdge => ({
  from,
  to,
  kind,
  instant,
})

describe('dependencyGraph', () => {
  it('lists every element as a node, in model order', () => {
    expect(dependencyGraph(teacup()).nodes).toEqual([
      'room_temperature',
      'characteristic_time',
      'teacup_temperature',
      'heat_loss',
      'heater',
    ])
  })

  it('has equation, initial, inflow and outflow edges', () => {
    const edges = dependencyGraph(teacup()).edges
    expect(edges).toHaveLength(6)
    expect(edges).toEqual(
      expect.arrayContaining([
        edge('room_temperature', 'teacup_temperature', 'initial'),
        edge('teacup_temperature', 'heat_loss', 'equation'),
        edge('room_temperature', 'heat_loss', 'equation'),
        edge('characteristic_time', 'heat_loss', 'equation'),
        edge('heater', 'teacup_temperature', 'inflow'),
        edge('heat_loss', 'teacup_temperature', 'outflow'),
      ]),
    )
  })

  it('marks inputs that stateful builtins integrate as not instant', () => {
    const m = model('m', {
      time,
      elements: [
        param('Actual', 1),
        param('Delay Time', 3),
        param('Bias', 0),
        aux('Perceived', { equation: 'SMTH1(Actual, Delay_Time) + Bias' }),
        aux('Shipped', { equation: 'DELAY1(Actual, Delay_Time)' }),
      ],
    })
    const edges = dependencyGraph(m).edges
    expect(edges.filter((e) => e.to === 'perceived')).toEqual([
      edge('actual', 'perceived', 'equation', false),
      edge('delay_time', 'perceived', 'equation', false),
      edge('bias', 'perceived', 'equation', true),
    ])
    // DELAY1 divides by its delay time within the step; only its input is integrated.
    expect(edges.filter((e) => e.to === 'shipped')).toEqual([
      edge('actual', 'shipped', 'equation', false),
      edge('delay_time', 'shipped', 'equation', true),
    ])
  })

  it('has an edge from a lookup to the equation that calls it', () => {
    const m = model('m', {
      time,
      elements: [
        lookup('Effect', [
          [0, 0],
          [1, 1],
        ]),
        param('X', 0.5),
        aux('Y', { equation: 'Effect(X)' }),
      ],
    })
    expect(dependencyGraph(m).causesOf('y')).toEqual(['effect', 'x'])
  })

  it('answers causesOf and effectsOf without initial-value edges and without repeats', () => {
    const g = dependencyGraph(teacup())
    expect(g.causesOf('heat_loss')).toEqual(['teacup_temperature', 'room_temperature', 'characteristic_time'])
    expect(g.causesOf('teacup_temperature')).toEqual(['heater', 'heat_loss'])
    expect(g.effectsOf('teacup_temperature')).toEqual(['heat_loss'])
    // Room Temperature also sets the stock's initial value, which is not a causal link.
    expect(g.effectsOf('room_temperature')).toEqual(['heat_loss'])
    expect(g.effectsOf('heat_loss')).toEqual(['teacup_temperature'])
    expect(g.causesOf('room_temperature')).toEqual([])
    expect(g.causesOf('no_such_id')).toEqual([])

    const twice = dependencyGraph(model('m', { time, elements: [param('A', 1), aux('B', { equation: 'A * A + a' })] }))
    expect(twice.causesOf('b')).toEqual(['a'])
    expect(twice.effectsOf('a')).toEqual(['b'])
  })

  it('skips equations that do not parse instead of throwing', () => {
    const m = model('m', {
      time,
      elements: [param('A', 1), aux('B', { equation: 'A +' }), aux('C', { equation: 'A' })],
    })
    const g = dependencyGraph(m)
    expect(g.edges).toEqual([edge('a', 'c', 'equation')])
    expect(g.nodes).toEqual(['a', 'b', 'c'])
  })
})

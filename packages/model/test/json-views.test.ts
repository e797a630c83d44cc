import { describe, expect, it } from 'vitest'
import { StockflowError, modelFromJSON, modelToJSON } from '@stockflow/model'
import type { Model } from '@stockflow/model'

/** A stock drained into a cloud, its rate drawn twice (an alias), with the author's connectors. */
const drawn = (): Model => ({
  name: 'drain',
  time: { start: 0, stop: 10, dt: 1 },
  elements: [
    { kind: 'stock', name: 'Water', id: 'water', initial: '10', inflows: [], outflows: ['outflow'] },
    { kind: 'flow', name: 'Outflow', id: 'outflow', equation: 'Water * rate' },
    { kind: 'param', name: 'Rate', id: 'rate', value: 0.1 },
  ],
  views: [
    {
      name: 'Tank',
      items: [
        { id: 'water', x: 100, y: 50, width: 80, height: 40 },
        {
          id: 'outflow',
          x: 200,
          y: 50,
          points: [
            [140, 50],
            [280, 50],
          ],
        },
        { id: 'outflow', x: 280, y: 50, width: 20, height: 16, kind: 'cloud' },
        { id: 'rate', x: 200, y: 120 },
        { id: 'rate', x: 60, y: 130, kind: 'alias', uid: 7 },
      ],
      links: [
        { from: 'rate', to: 'outflow', points: [[190, 90]], polarity: '+' },
        { from: 'rate', to: 'water', fromAlias: 7 },
        { from: 'water', to: 'outflow' },
      ],
    },
    { name: 'Parameters', items: [{ id: 'rate', x: 10, y: 10 }] },
  ],
})

const failure = (text: string): string => {
  try {
    modelFromJSON(text, 'm.json')
  } catch (err) {
    expect(err).toBeInstanceOf(StockflowError)
    return (err as Error).message
  }
  throw new Error('expected a StockflowError')
}

const withView = (view: unknown) => JSON.stringify({ ...drawn(), views: [view] })

describe('model JSON: views drawn from a sketch', () => {
  it('round-trips aliases, clouds, uids, links with their points and polarity, and view names', () => {
    const m = drawn()
    const text = modelToJSON(m)
    const back = modelFromJSON(text)
    expect(back).toEqual(m)
    expect(modelToJSON(back)).toBe(text)
  })

  it('reads a view without links or kinds as before', () => {
    const back = modelFromJSON(withView({ items: [{ id: 'water', x: 1, y: 2 }] }))
    expect(back.views).toEqual([{ items: [{ id: 'water', x: 1, y: 2 }] }])
  })

  it('names what is wrong with an item or a link', () => {
    const items = drawn().views![0]!.items
    expect(failure(withView({ items: [{ id: 'rate', x: 1, y: 2, kind: 'ghost' }] }))).toBe(
      'm.json: views[0].items[0]: "kind" must be "alias" or "cloud"',
    )
    expect(failure(withView({ items: [{ id: 'rate', x: 1, y: 2, kind: 'alias', uid: 1.5 }] }))).toBe(
      'm.json: views[0].items[0]: "uid" must be an integer',
    )
    expect(
      failure(
        withView({
          items: [
            { id: 'rate', x: 1, y: 2, kind: 'alias', uid: 3 },
            { id: 'water', x: 1, y: 2, kind: 'alias', uid: 3 },
          ],
        }),
      ),
    ).toBe('m.json: views[0].items[1]: "uid" 3 is already an item\'s uid in this view')
    expect(failure(withView({ items, links: [{ from: 'rate', to: 'water', fromAlias: 8 }] }))).toBe(
      'm.json: views[0].links[0]: "fromAlias" 8 is not the uid of an alias in this view',
    )
    expect(failure(withView({ items, links: [{ from: 'water', to: 'outflow', fromAlias: 7 }] }))).toBe(
      'm.json: views[0].links[0]: "fromAlias" 7 is an alias of "rate", not of "water"',
    )
    expect(failure(withView({ items, links: [{ from: 'rate', to: 'outflow', polarity: 'S' }] }))).toBe(
      'm.json: views[0].links[0]: "polarity" must be "+" or "-"',
    )
    expect(failure(withView({ items, links: [{ from: 'rate', to: 'outflow', points: [[1]] }] }))).toBe(
      'm.json: views[0].links[0].points[0]: a point is [x, y]',
    )
    expect(failure(withView({ items, links: [{ from: 'rate' }] }))).toBe(
      'm.json: views[0].links[0]: "to" must be a string',
    )
  })
})

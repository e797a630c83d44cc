import { describe, expect, it } from 'vitest'
import type { Dimension, Issue } from '@stockflow/model'
import { resolveDimensions } from '@stockflow/model/internal'

const resolve = (dimensions: Dimension[]) => {
  const issues: Issue[] = []
  const dims = resolveDimensions({ name: 'm', time: { start: 0, stop: 1, dt: 1 }, dimensions, elements: [] }, issues)
  return { dims, issues }
}

describe('resolveDimensions', () => {
  const { dims, issues } = resolve([
    // A subrange may come before its parent, and be a subrange of a subrange.
    { name: 'Inner Coast', elements: ['East'], parent: 'Coast' },
    { name: 'Coast', elements: ['north', 'east'], parent: 'Region' },
    { name: 'Region', elements: ['North', 'South', 'East'], aliases: ['Place'], mappings: [{ to: 'Zone' }] },
    { name: 'Zone', elements: ['z1', 'z2', 'z3'] },
    { name: 'Layer', elements: ['1', '2'] },
    { name: 'Level', elements: ['1', '2', '3'] },
  ])

  it('resolves names in any spelling, aliases as their dimension with their own name', () => {
    expect(issues).toEqual([])
    expect(dims.get('inner_coast')).toMatchObject({
      name: 'Inner Coast',
      elements: ['East'],
      indices: [2],
      root: 'region',
      parent: 'coast',
    })
    expect(dims.get('Coast')).toMatchObject({ indices: [0, 2], root: 'region', parent: 'region' })
    expect(dims.get('PLACE')).toMatchObject({
      name: 'Place',
      id: 'place',
      elements: ['North', 'South', 'East'],
      root: 'region',
      aliasOf: 'region',
    })
    expect(dims.get('Nowhere')).toBeUndefined()
  })

  it("gives positions within each dimension by the root's index", () => {
    const coast = dims.get('Coast')!
    expect([0, 1, 2].map((i) => coast.position(i))).toEqual([0, undefined, 1])
  })

  it('says what a name denotes: a dimension first, else an element, of the expected dimension when several have it', () => {
    expect(dims.denote('coast')).toMatchObject({ kind: 'dimension', dim: { id: 'coast' } })
    expect(dims.denote('south')).toMatchObject({ kind: 'element', root: { id: 'region' }, index: 1 })
    expect(dims.denote('2', dims.get('Level'))).toMatchObject({ kind: 'element', root: { id: 'level' }, index: 1 })
    expect(dims.denote('2', dims.get('Layer'))).toMatchObject({ kind: 'element', root: { id: 'layer' }, index: 1 })
    expect(dims.denote('west')).toBeUndefined()
  })

  it('maps elements through a mapping in either direction, and says when no mapping joins two dimensions', () => {
    expect(dims.mapped(dims.get('Region')!, 1, dims.get('Zone')!)).toEqual([1])
    expect(dims.mapped(dims.get('Zone')!, 2, dims.get('Place')!)).toEqual([2])
    expect(dims.mapped(dims.get('Zone')!, 2, dims.get('Layer')!)).toBeUndefined()
  })

  it('reports subranges whose parents lead back to them, one line each, and still resolves the rest', () => {
    const { dims, issues } = resolve([
      { name: 'A', elements: ['a1'], parent: 'B' },
      { name: 'B', elements: ['a1'], parent: 'A' },
      { name: 'C', elements: ['c'], parent: 'C' },
    ])
    expect(issues.map((i) => i.message)).toEqual([
      'subrange "B" and its parent "A" lead back to each other through their parents',
      'subrange "C" names itself as its parent',
    ])
    expect(dims.get('a')?.elements).toEqual(['a1'])
  })
})

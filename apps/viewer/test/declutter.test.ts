import { describe, expect, it } from 'vitest'
import { declutter, type LabelBox } from '../src/declutter.ts'

const box = (id: string, x: number, y: number, rank: number, always = false): LabelBox => ({
  id,
  x,
  y,
  width: 40,
  height: 10,
  rank,
  always,
})

describe('declutter', () => {
  it('keeps boxes that do not overlap, and boxes that only touch', () => {
    expect(declutter([box('a', 0, 0, 3), box('b', 40, 0, 3), box('c', 0, 10, 3)])).toEqual(new Set(['a', 'b', 'c']))
  })

  it('hides a box that overlaps one kept before it, in order of rank then of input', () => {
    expect(declutter([box('rest', 5, 2, 3), box('loop', 0, 0, 2)])).toEqual(new Set(['loop']))
    expect(declutter([box('first', 0, 0, 3), box('second', 5, 2, 3)])).toEqual(new Set(['first']))
    // The selection before the loop's nodes.
    expect(declutter([box('loop', 0, 0, 2), box('sel', 5, 2, 0)])).toEqual(new Set(['sel']))
  })

  it('never hides a stock, and stocks overlapping stocks all stay', () => {
    const kept = declutter([
      box('sel', 0, 0, 0),
      box('s1', 5, 2, 1, true),
      box('s2', 10, 4, 1, true),
      box('loop', 12, 3, 2),
    ])
    expect(kept).toEqual(new Set(['sel', 's1', 's2']))
  })

  it('keeps a box hidden only by one it was hidden by (greedy, not transitive)', () => {
    // b overlaps a (kept) and is hidden; c overlaps only b, so c stays.
    expect(declutter([box('a', 0, 0, 1), box('b', 30, 0, 2), box('c', 60, 0, 3)])).toEqual(new Set(['a', 'c']))
  })

  it('keeps boxes with no extent, and finds overlaps across grid cells for boxes of mixed sizes', () => {
    const wide: LabelBox = { id: 'wide', x: -500, y: 0, width: 1000, height: 10, rank: 1, always: true }
    const far = Array.from({ length: 200 }, (_, i) =>
      box(`n${i}`, (i % 20) * 100 - 1000, Math.floor(i / 20) * 30 + 5, 3),
    )
    const kept = declutter([wide, { ...box('empty', 0, 0, 3), width: 0 }, ...far])
    expect(kept.has('wide')).toBe(true)
    expect(kept.has('empty')).toBe(true)
    // Row 0 (y 5..15) crosses the wide box between x -500 and 500: those hide, the others stay.
    for (let i = 0; i < 20; i++) {
      const x = i * 100 - 1000
      expect(kept.has(`n${i}`), `n${i}`).toBe(x + 40 <= -500 || x >= 500)
    }
    for (let i = 20; i < 200; i++) expect(kept.has(`n${i}`)).toBe(true)
  })
})

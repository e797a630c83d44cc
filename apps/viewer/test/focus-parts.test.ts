// Small parts of the focus views: greying a sector's neighbours in the SVG, a loop's scores, loop choices.
import { describe, expect, it } from 'vitest'
import { renderCld } from '@stockflow/diagram'
import teacup from '../../../seeds/teacup/model.ts'
import type { DominanceResult, FoundLoop, LoopsResult } from '../src/analysis.ts'
import { chosenOption, greyOutside, loopChoices, loopScores, noLoopMessage } from '../src/focus-parts.ts'

const loop = (id: string, named: { id: string; name: string }[] = []): FoundLoop => ({
  id,
  polarity: 'balancing',
  mixed: false,
  variables: ['a', 'b'],
  names: ['A', 'B'],
  links: [],
  named,
})

const dominance = (loops: { id: string; name?: string }[]): DominanceResult => ({
  kind: 'dominance',
  seq: 1,
  basis: 'named',
  times: new Float64Array([0, 1]),
  loops: loops.map((l, i) => ({ ...l, named: [], polarity: 'balancing', scores: new Float64Array([i, i]) })),
  intervals: [],
})

describe('focus parts', () => {
  it('greys the given variables and the links touching them, nothing else', () => {
    const { svg } = renderCld(teacup, { params: true })
    const grey = greyOutside(svg, ['room_temperature'])
    expect(grey).toMatch(/<g class="node param outside" data-node="room_temperature" opacity="0.45">/)
    expect(grey).toMatch(/<g class="link[^"]* outside" opacity="0.45" data-link="room_temperature->/)
    expect(grey.match(/outside/g)!.length).toBeGreaterThanOrEqual(2)
    expect(grey).toMatch(/<g class="node stock" data-node="teacup_temperature">/)
    expect(greyOutside(svg, [])).toBe(svg)
  })

  it("finds a loop's scores under its own id or its named loop's, never another loop's", () => {
    const r36 = loop('R36', [{ id: 'R1', name: 'Produce to service debt' }])
    const r1 = loop('R1')
    // Dominance among the named loops labels R36 with the named id R1.
    const named = dominance([{ id: 'R1', name: 'Produce to service debt' }])
    expect(loopScores(named, r36)).toBe(named.loops[0]!.scores)
    expect(loopScores(named, r1)).toBeUndefined()
    // Dominance over all loops keeps found ids.
    const all = dominance([{ id: 'R1' }, { id: 'R36', name: 'Produce to service debt' }])
    expect(loopScores(all, r1)).toBe(all.loops[0]!.scores)
    expect(loopScores(all, r36)).toBe(all.loops[1]!.scores)
    expect(loopScores(undefined, r1)).toBeUndefined()
  })

  it('lists the named loops first, then every found loop', () => {
    const loops: LoopsResult = {
      kind: 'loops',
      seq: 1,
      loops: [loop('B1'), loop('R36')],
      named: [{ id: 'R1', name: 'Debt', polarity: 'reinforcing', variables: [], loop: 'R36' }],
      links: [],
      truncated: false,
    }
    expect(loopChoices(loops).map((c) => c.value)).toEqual(['R36', 'B1', 'R36'])
    expect(loopChoices(loops)[0]!.text).toBe('R1: Debt (found R36)')
    expect(loopChoices(undefined)).toEqual([])
  })

  it('says a stale loop id is no loop once the loops are known, and chooses nothing in its place', () => {
    const loops: LoopsResult = {
      kind: 'loops',
      seq: 1,
      loops: [loop('B1'), loop('R1')],
      named: [],
      links: [],
      truncated: false,
    }
    expect(noLoopMessage('R99', undefined)).toBe('Finding the loops…')
    expect(noLoopMessage('R99', loops)).toBe('No loop R99: the analysis found 2 loops; choose one above.')
    expect(noLoopMessage('R99', undefined, 'too many loops')).toBe('The loops could not be found: too many loops')
    const options = loopChoices(loops)
    expect(chosenOption(options, 'R1')).toBe('R1')
    expect(chosenOption(options, 'R99')).toBe('')
    expect(chosenOption(options, undefined)).toBe('B1')
    expect(chosenOption([], 'R1')).toBe('')
  })
})

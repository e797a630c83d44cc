import { describe, expect, it } from 'vitest'
import type { Model } from '@stockflow/model'
import sir from '../../../seeds/SIR/model.ts'
import teacup from '../../../seeds/teacup/model.ts'
import type { LoopsResult } from '../src/analysis.ts'
import { keptState } from '../src/live-reload.ts'
import { Session } from '../src/session.ts'
import type { ViewState } from '../src/state.ts'

/** The old version's analysis: one balancing loop through the teacup's stock and flow. */
const loops: LoopsResult = {
  kind: 'loops',
  seq: 1,
  loops: [
    {
      id: 'B1',
      polarity: 'balancing',
      mixed: false,
      variables: ['teacup_temperature', 'heat_loss_to_room'],
      names: ['Teacup Temperature', 'Heat Loss to Room'],
      links: [],
      named: [],
    },
  ],
  named: [],
  links: [],
  truncated: false,
}

const state = (extra: Partial<ViewState>): ViewState => ({ model: 'served', set: {}, compare: [], ...extra })
const named: Model = {
  ...teacup,
  loops: [{ id: 'C', name: 'Cooling', polarity: 'balancing', variables: ['Teacup Temperature', 'Heat Loss to Room'] }],
}

describe('keptState: what a new version of the served model keeps', () => {
  it('parameter edits still inside the parameter’s range', () => {
    const kept = keptState(
      state({ set: { room_temperature: 85, characteristic_time: 1e6, gone: 1 } }),
      new Session(teacup, 'served', 't'),
    )
    expect(kept.set).toEqual({ room_temperature: 85 })
  })

  it('the highlighted loop while its variables remain; a vanished one is dropped', () => {
    expect(keptState(state({ loop: 'B1' }), new Session(teacup, 'served', 't'), loops).loop).toBe('B1')
    expect(keptState(state({ loop: 'B1' }), new Session(sir, 'served', 's'), loops).loop).toBeUndefined()
    // Not in the old analysis (it had not arrived, or named another loop): it cannot be told, so it goes.
    expect(keptState(state({ loop: 'B2' }), new Session(teacup, 'served', 't'), loops).loop).toBeUndefined()
    expect(keptState(state({ loop: 'B1' }), new Session(teacup, 'served', 't')).loop).toBeUndefined()
  })

  it('a named loop while the model still names it', () => {
    expect(keptState(state({ loop: 'named:C' }), new Session(named, 'served', 't')).loop).toBe('named:C')
    expect(keptState(state({ loop: 'named:C' }), new Session(teacup, 'served', 't')).loop).toBeUndefined()
  })
})

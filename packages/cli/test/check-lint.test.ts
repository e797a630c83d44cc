import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, writeModel } from './support.js'

const root = join(__dirname, '../../..')

/** A tank drained at a fixed rate: it runs dry and goes negative. */
const tank = (units: boolean, extra: Record<string, unknown> = {}) => ({
  name: 'tank',
  time: { start: 0, stop: 10, dt: 0.5, units: 'day' },
  elements: [
    { kind: 'stock', name: 'Water', initial: '3', outflows: ['drain'], ...(units ? { units: 'liter' } : {}), ...extra },
    { kind: 'flow', name: 'Drain', equation: 'Rate', ...(units ? { units: 'liter/day' } : {}) },
    { kind: 'param', name: 'Rate', value: 1, ...(units ? { units: 'liter/day' } : {}) },
  ],
})

describe('stockflow check: lint warnings', () => {
  it('keeps the seeds teacup and SIR clean', async () => {
    for (const [seed, n] of [
      ['teacup', 4],
      ['SIR', 8],
      ['regional-sir', 11],
    ] as const) {
      const { code, stdout } = await cli('check', join(root, 'seeds', seed), '--strict')
      expect(stdout).toMatch(new RegExp(`ok, ${n} elements, no problems`))
      expect(code).toBe(0)
    }
  })

  it('prints missing units and run-based warnings after validation; --strict fails on them', async () => {
    const file = writeModel(tank(false), 'stockflow-lint-')
    const { code, stdout } = await cli('check', file)
    expect(code).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines.filter((l) => l.includes('[missing-units]'))).toHaveLength(3)
    expect(stdout).toMatch(/warning \[missing-units\] "Water": the stock has no units/)
    expect(stdout).toMatch(/warning \[negative-stock\] "Water": the stock goes negative at time 3\.5, down to -7/)
    expect(stdout).not.toMatch(/no problems/)
    expect((await cli('check', file, '--strict')).code).toBe(1)
  })

  it('is quiet about a stock that may not go negative', async () => {
    const { code, stdout } = await cli(
      'check',
      writeModel(tank(true, { nonNegative: true }), 'stockflow-lint-'),
      '--strict',
    )
    expect(stdout).toMatch(/ok, 3 elements, no problems/)
    expect(code).toBe(0)
  })

  it('warns about buried constants, dt and lookups read outside their range', async () => {
    const file = writeModel(
      {
        name: 'cooling',
        time: { start: 0, stop: 10, dt: 1, units: 'minute' },
        elements: [
          { kind: 'stock', name: 'Heat', initial: '100', outflows: ['loss'], units: 'J' },
          { kind: 'flow', name: 'Loss', equation: 'Heat / Tau * Effect(Ratio)', units: 'J/minute' },
          { kind: 'param', name: 'Tau', value: 2, units: 'minute' },
          { kind: 'aux', name: 'Ratio', equation: 'Heat / 40', units: '1' },
          { kind: 'lookup', name: 'Effect', x: [0, 1], y: [0, 1] },
        ],
      },
      'stockflow-lint-',
    )
    const { code, stdout } = await cli('check', file, '--strict')
    expect(code).toBe(1)
    expect(stdout).toMatch(/warning \[buried-constant\] "Ratio" equation: the equation contains the constant 40/)
    expect(stdout).toMatch(
      /warning \[lookup-out-of-range\] "Loss" equation at \d+: the lookup "Effect" is read at "Ratio"/,
    )
    expect(stdout).not.toMatch(/error/)
  })

  it('skips the run-based lints silently when the simulation fails', async () => {
    // The tank runs dry at time 2, then the drain divides by zero at time 5 and the run stops.
    const file = writeModel(
      {
        name: 'blowup',
        time: { start: 0, stop: 10, dt: 1, units: 'day' },
        elements: [
          { kind: 'stock', name: 'X', initial: '2', outflows: ['drain'], units: 'thing' },
          { kind: 'flow', name: 'Drain', equation: 'Rate / (TIME - 5)', units: 'thing/day' },
          { kind: 'param', name: 'Rate', value: -5, units: 'thing' },
        ],
      },
      'stockflow-lint-',
    )
    const { code, stdout } = await cli('check', file, '--strict')
    expect(stdout).not.toMatch(/negative-stock/)
    expect(stdout).toMatch(/ok, 3 elements, no problems/)
    expect(code).toBe(0)
  })

  it('prints the lint warnings of a model with errors too', async () => {
    const file = writeModel(
      {
        name: 'bad',
        time: { start: 0, stop: 10, dt: 1 },
        elements: [{ kind: 'aux', name: 'A', equation: 'Missing * 3' }],
      },
      'stockflow-lint-',
    )
    const { code, stdout } = await cli('check', file)
    expect(code).toBe(1)
    expect(stdout).toMatch(/error \[unknown-reference\]/)
    expect(stdout).toMatch(/warning \[missing-units\] "A"/)
    expect(stdout).toMatch(/warning \[buried-constant\] "A"/)
  })
})

import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { simulate } from '@stockflow/solver'
import type { Run } from '@stockflow/solver'
import teacup from '../../../seeds/teacup/model.js'
import { codeBlocks, runTypeScriptBlock, runTypeScriptExample } from '../../../test/support/readme.js'

const readme = join(__dirname, '../README.md')

interface Example {
  run: Run
  temperature: Float64Array
  last: number
  midway: number
  csv: string
  slower: Run
}

describe('README', () => {
  it('compiles the teacup once, simulates it twice and reads a series', async () => {
    const names = ['run', 'temperature', 'last', 'midway', 'csv', 'slower']
    const { run, temperature, last, midway, csv, slower } = await runTypeScriptExample<Example>(readme, names)
    expect(run.meta.method).toBe('rk4')
    expect(run.times).toHaveLength(241)
    expect(temperature).toHaveLength(241)
    expect(temperature[0]).toBe(180)
    // Newton's cooling toward 60 degrees with a time constant of 10 minutes, which RK4 at dt 1/8 follows.
    expect(last).toBeCloseTo(60 + 120 * Math.exp(-3), 8)
    expect(midway).toBeCloseTo(60 + 120 * Math.exp(-1.25), 7)
    const text = readFileSync(readme, 'utf8')
    expect(text).toContain(`// ${last.toFixed(2)} at minute 30`)
    expect(text).toContain(`// ${midway.toFixed(2)}, interpolated`)
    expect(csv.split('\n')[0]).toBe('time,Teacup Temperature,Heat Loss to Room,Room Temperature,Characteristic Time')
    expect(text).toContain('// header `time,Teacup Temperature,Heat Loss to Room,Room Temperature,...`')
    expect(slower.meta.method).toBe('euler')
    expect(slower.get('Teacup Temperature').at(-1)).toBeGreaterThan(last)
  })
})

describe('README: many runs of one model', () => {
  it('runs the teacup three times through one prepared run, as simulate would', async () => {
    const text = readFileSync(readme, 'utf8')
    const block = codeBlocks(text).find((b) => b.lang === 'ts' && b.code.includes('prepareRun('))!
    const { out, size, final } = await runTypeScriptBlock<{ out: Float64Array; size: number; final: number[] }>(
      block.code,
      ['out', 'size', 'final'],
      dirname(readme),
    )
    expect(size).toBe(241)
    expect(out).toHaveLength(3 * 241)
    const taus = [5, 10, 20]
    taus.forEach((tau, i) => {
      const run = simulate(teacup, { method: 'rk4', set: { 'Characteristic Time': tau } })
      expect(Array.from(out.subarray(i * size, (i + 1) * size))).toEqual(Array.from(run.get('Teacup Temperature')))
    })
    expect(text).toContain(`// ${final.map((x) => x.toFixed(2)).join(', ')} at minute 30`)
  })
})

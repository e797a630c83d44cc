import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, root } from './support.js'

const sir = join(root, 'seeds/SIR')
const rsir = join(root, 'seeds/regional-sir')

/** Writes a run of `model` with `set` as observed data (every other day) and returns the CSV's path. */
async function observed(model: string, vars: string, ...set: string[]): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'stockflow-cal-workers-')), 'observed.csv')
  const run = await cli('run', model, ...set.flatMap((s) => ['--set', s]), '--vars', vars, '--saveper', '2')
  expect(run.code).toBe(0)
  writeFileSync(file, run.stdout)
  return file
}

describe('stockflow calibrate --workers', () => {
  it('gives the same output on 2 worker threads as in this thread', async () => {
    const data = await observed(sir, 'Infectious,Recovered', 'contact infectivity=0.33', 'duration=4')
    const fit = ['--vary', 'contact infectivity=uniform(0.1,0.6)', '--vary', 'duration=uniform(1,10)']
    for (const format of ['text', 'json']) {
      const here = await cli('calibrate', sir, '--data', data, ...fit, '--format', format)
      expect(here.stderr).toBe('')
      expect(here.code).toBe(0)
      const two = await cli('calibrate', sir, '--data', data, ...fit, '--format', format, '--workers', '2')
      expect(two).toEqual(here)
    }
  })

  it('fits each element of an array alike on 2 threads', async () => {
    const data = await observed(rsir, 'Infected[north],Infected[south],Infected[east]', 'Contact Rate[south]=0.4')
    const fit = ['--vary', 'Contact Rate[*]=uniform(0.1,0.6)', '--format', 'json']
    const here = await cli('calibrate', rsir, '--data', data, ...fit)
    expect(here.code).toBe(0)
    expect(JSON.parse(here.stdout).parameters).toHaveLength(3)
    expect(await cli('calibrate', rsir, '--data', data, ...fit, '--workers', '2')).toEqual(here)
  })

  it('refuses a --workers that is not a whole number of at least 1', async () => {
    const data = await observed(sir, 'Infectious', 'duration=4')
    const bad = await cli('calibrate', sir, '--data', data, '--vary', 'duration=uniform(1,10)', '--workers', '0')
    expect(bad).toMatchObject({ code: 1, stderr: 'stockflow: --workers must be at least 1, got 0\n' })
  })
})

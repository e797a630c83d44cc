import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, root, writeModel } from './support.js'

// An unknown name in --set, --vary, --vars, --output or a --data column: one line naming the flag and
// the file, with the closest one or two names (elements matched by their subscripts).

const teacup = join(root, 'seeds/teacup')
const regional = join(root, 'seeds/regional-sir')
const teacupFile = 'seeds/teacup/model.ts'
const regionalFile = 'seeds/regional-sir/model.ts'

/** The one line a failing command prints, after checking it failed and wrote nothing to stdout. */
async function oneLine(...args: string[]): Promise<string> {
  const { code, stdout, stderr } = await cli(...args)
  expect(code).toBe(1)
  expect(stdout).toBe('')
  expect(stderr.endsWith('\n') && stderr.indexOf('\n') === stderr.length - 1).toBe(true)
  return stderr.trimEnd()
}

describe('did-you-mean on the command line', () => {
  it('--vars and --set on run', async () => {
    expect(await oneLine('run', teacup, '--vars', 'Teacup Temprature')).toBe(
      `stockflow: --vars: no variable "Teacup Temprature" in ${teacupFile}; did you mean "Teacup Temperature"?`,
    )
    expect(await oneLine('run', teacup, '--vars', 'Room Temperature,Teacup Temprature')).toMatch(
      /--vars: no variable "Teacup Temprature"/,
    )
    expect(await oneLine('run', teacup, '--set', 'Room Temprature=60')).toBe(
      `stockflow: --set: no variable "Room Temprature" in ${teacupFile}; did you mean "Room Temperature"?`,
    )
  })

  it('an element: by its subscripts, and the variable mended too', async () => {
    expect(await oneLine('run', regional, '--vars', 'Infected[nrth]')).toBe(
      `stockflow: --vars: "Infected[nrth]" in ${regionalFile}: Infected has no element [nrth]; did you mean "Infected[north]"?`,
    )
    expect(await oneLine('run', regional, '--set', 'Contact Rte[sout]=0.2')).toBe(
      `stockflow: --set: no variable "Contact Rte[sout]" in ${regionalFile}; did you mean "Contact Rate[south]"?`,
    )
  })

  it('two names when two are as close', async () => {
    const model = writeModel({
      name: 'compass',
      time: { start: 0, stop: 1, dt: 1 },
      dimensions: [{ name: 'Side', elements: ['east', 'west'] }],
      elements: [{ kind: 'param', name: 'Wind', id: 'wind', value: 1, dimensions: ['Side'] }],
    })
    const file = relative(process.cwd(), model).startsWith('..') ? model : relative(process.cwd(), model)
    expect(await oneLine('run', model, '--vars', 'Wind[est]')).toBe(
      `stockflow: --vars: "Wind[est]" in ${file}: Wind has no element [est]; did you mean "Wind[east]" or "Wind[west]"?`,
    )
  })

  it('--vary and --output on the experiments', async () => {
    expect(await oneLine('sweep', teacup, '--vary', 'Room Temprature=values(60,70)')).toBe(
      `stockflow: --vary: no variable "Room Temprature" in ${teacupFile}; did you mean "Room Temperature"?`,
    )
    const vary = ['--vary', 'Room Temperature=uniform(60,70)', '--runs', '4']
    expect(await oneLine('montecarlo', teacup, ...vary, '--output', 'Teacup Temprature')).toBe(
      `stockflow: --output: no variable "Teacup Temprature" in ${teacupFile}; did you mean "Teacup Temperature"?`,
    )
    expect(await oneLine('sensitivity', teacup, ...vary, '--output', 'Teacup Temprature')).toMatch(
      /^stockflow: --output: no variable "Teacup Temprature" in \S+; did you mean "Teacup Temperature"\?$/,
    )
    expect(await oneLine('montecarlo', regional, '--vary', 'Contact Rate[nrth]=uniform(0.2,0.4)', '--runs', '4')).toBe(
      `stockflow: --vary: "Contact Rate[nrth]" in ${regionalFile}: Contact Rate has no element [nrth]; did you mean "Contact Rate[north]"?`,
    )
  })

  it('calibrate: --vary and the --data columns', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'stockflow-dym-')), 'observed.csv')
    writeFileSync(data, 'time,Teacup Temprature\n0,180\n10,120\n')
    expect(await oneLine('calibrate', teacup, '--data', data, '--vary', 'Characteristic Time=uniform(1,20)')).toBe(
      `stockflow: --data ${data}: no variable "Teacup Temprature" in ${teacupFile}; did you mean "Teacup Temperature"?`,
    )
    expect(await oneLine('calibrate', teacup, '--data', data, '--vary', 'Characteristc Time=uniform(1,20)')).toMatch(
      /^stockflow: --vary: no variable "Characteristc Time" in \S+; did you mean "Characteristic Time"\?$/,
    )
  })

  it('nothing close: the line says so without a guess', async () => {
    expect(await oneLine('run', teacup, '--vars', 'Something Else')).toBe(
      `stockflow: --vars: no variable "Something Else" in ${teacupFile}`,
    )
  })
})

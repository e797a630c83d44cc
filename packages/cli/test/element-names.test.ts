import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, writeModel } from './support.js'

// Element names on the command line, on a model written the way flattening writes an arrayed one: a
// variable per element named `Population[North]`, `Cohort[North,Young]` (rows first).

const REGIONS = ['North', 'South']
const AGES = ['Young', 'Old']
const id = (name: string) => name.toLowerCase().replace(/\s+/g, '_')

const flat = writeModel({
  name: 'regions',
  time: { start: 0, stop: 2, dt: 1 },
  elements: [
    ...REGIONS.map((r) => ({
      kind: 'stock',
      name: `Population[${r}]`,
      id: id(`population[${r}]`),
      initial: '100',
      inflows: [id(`births[${r}]`)],
      outflows: [],
    })),
    ...REGIONS.map((r) => ({
      kind: 'flow',
      name: `Births[${r}]`,
      id: id(`births[${r}]`),
      equation: `"Population[${r}]" * "Growth[${r}]"`,
    })),
    ...REGIONS.map((r) => ({ kind: 'param', name: `Growth[${r}]`, id: id(`growth[${r}]`), value: 0.1 })),
    ...REGIONS.flatMap((r, i) =>
      AGES.map((a, j) => ({ kind: 'param', name: `Cohort[${r},${a}]`, id: id(`cohort[${r},${a}]`), value: 2 * i + j })),
    ),
  ],
})

/** The one line a failing command prints (no stack), after checking it fails. */
async function oneLine(...args: string[]): Promise<string> {
  const { code, stdout, stderr } = await cli(...args)
  expect(code).toBe(1)
  expect(stdout).toBe('')
  const lines = stderr.trimEnd().split('\n')
  expect(lines, stderr).toHaveLength(1)
  return lines[0]!
}

describe('stockflow run with element names', () => {
  it('--vars takes elements, a whole array (its elements, in order) and patterns: a CSV column each', async () => {
    const { code, stdout, stderr } = await cli('run', flat, '--vars', 'Population,cohort[north,*]')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toEqual([
      'time,Population[North],Population[South],"Cohort[North,Young]","Cohort[North,Old]"',
      '0,100,100,0,1',
      '1,110,110,0,1',
      '2,121,121,0,1',
    ])
  })

  it('--set sets one element, or every element with [*] or the whole name; JSON has a key per element', async () => {
    const one = await cli('run', flat, '--set', 'Growth[north]=0.5', '--vars', 'population', '--format', 'json')
    expect(one.code).toBe(0)
    const { series } = JSON.parse(one.stdout) as { series: Record<string, number[]> }
    expect(series).toEqual({ 'Population[North]': [100, 150, 225], 'Population[South]': [100, 110, 121] })
    const all = await cli('run', flat, '--set', 'Growth[*]=0', '--set', 'growth[south]=1', '--vars', 'Population')
    expect(all.stdout.trim().split('\n').pop()).toBe('2,100,400')
    const whole = await cli('run', flat, '--set', 'GROWTH=0', '--vars', 'Population[South]')
    expect(whole.stdout.trim().split('\n').pop()).toBe('2,100')
  })

  it('says which element was meant, in one line naming the file', async () => {
    expect(await oneLine('run', flat, '--vars', 'Population[Nort]')).toMatch(
      /^stockflow: --vars: "Population\[Nort\]" in \S*model\.json: Population has no element \[Nort\]; did you mean "Population\[North\]"\?$/,
    )
    expect(await oneLine('run', flat, '--set', 'Growht[*]=1')).toMatch(
      /^stockflow: --set: no variable "Growht\[\*\]" in \S*model\.json; did you mean "Growth\[\*\]"\?$/,
    )
    expect(await oneLine('run', flat, '--set', 'Cohort[North]=1')).toMatch(
      /--set: "Cohort\[North\]" in \S*model\.json: Cohort has 2 dimensions, so 2 subscripts: Cohort\[North,Young\], /,
    )
    expect(await oneLine('run', flat, '--set', 'Births[*]=1')).toMatch(
      /cannot set "Births\[North\]": it is a flow computed by an equation/,
    )
  })
})

describe('experiments with element names', () => {
  it('sweep varies [*] and keeps a whole array as a column per element', async () => {
    const { code, stdout, stderr } = await cli(
      'sweep',
      flat,
      '--vary',
      'Growth[*]=values(0,1)',
      '--output',
      'Population',
    )
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toEqual([
      'run,Growth[*],Population[North] @ final,Population[South] @ final',
      '0,0,100,100',
      '1,1,400,400',
    ])
  })

  it('montecarlo keeps every stock element by default, a band each', async () => {
    const { code, stdout } = await cli('montecarlo', flat, '--vary', 'growth[south]=uniform(0,1)', '--runs', '4')
    expect(code).toBe(0)
    const header = stdout.split('\n')[0]!.split(',')
    expect(header).toHaveLength(11)
    expect(header.slice(0, 3)).toEqual(['time', 'Population[North] p5', 'Population[North] p25'])
    expect(header[6]).toBe('Population[South] p5')
  })

  it('sensitivity of one element to another', async () => {
    const { code, stdout, stderr } = await cli(
      'sensitivity',
      flat,
      '--vary',
      'Growth[North]=uniform(0,1)',
      '--vary',
      'Growth[South]=uniform(0,1)',
      '--output',
      'Population[North]',
      '--analysis',
      'morris',
      '--runs',
      '4',
      '--format',
      'csv',
    )
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const rows = stdout.trim().split('\n').slice(1)
    expect(rows[0]).toMatch(/^Growth\[North\],[1-9]/)
    expect(rows[1]).toMatch(/^Growth\[South\],0,0,0$/)
  })

  it('calibrate fits each element with Growth[*], one value shared by every element with Growth', async () => {
    const data = join(dirname(flat), 'observed.csv')
    writeFileSync(data, 'time,Population[North],Population[South]\n0,100,100\n1,120,120\n2,144,144\n')
    for (const [name, keys] of [
      ['Growth[*]', ['Growth[North]', 'Growth[South]']],
      ['Growth', ['Growth']],
    ] as const) {
      const args = ['--vary', `${name}=uniform(0,1)`, '--data', data, '--format', 'json']
      const { code, stdout, stderr } = await cli('calibrate', flat, ...args)
      expect(stderr).toBe('')
      expect(code).toBe(0)
      const { set } = JSON.parse(stdout) as { set: Record<string, number> }
      expect(Object.keys(set)).toEqual(keys)
      for (const key of keys) expect(set[key]).toBeCloseTo(0.2, 6)
    }
  })

  it('refuses an unknown element in one line', async () => {
    expect(await oneLine('sweep', flat, '--vary', 'Growth[Nort]=values(1)')).toMatch(
      /^stockflow: --vary: "Growth\[Nort\]" in \S*model\.json: Growth has no element \[Nort\]; did you mean "Growth\[North\]"\?$/,
    )
    const args = ['--vary', 'Growth[*]=uniform(0,1)', '--runs', '4', '--output', 'Populaton[North]']
    expect(await oneLine('montecarlo', flat, ...args)).toMatch(
      /--output: no variable "Populaton\[North\]" in \S*model\.json; did you mean "Population\[North\]"\?$/,
    )
  })
})

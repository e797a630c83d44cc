import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { folderDataSource } from '../src/data-folder.js'
import { cli } from './support.js'

// Vensim .mdl models go everywhere a model goes: run (with changes files and data files beside the
// model), check, loops, convert.

const MDL = `{UTF-8}
Population = INTEG(births - deaths, initial population) ~ people ~ |
births = Population * birth rate ~ people/Year ~ |
deaths = Population / lifetime ~ people/Year ~ |
birth rate = 0.04 ~ 1/Year ~ |
lifetime = 50 ~ Year ~ |
initial population = 100 ~ people ~ |
effect of crowding(
	[(0,0)-(2,2)],(0,1),(1,1),(2,0.5)) ~ Dmnl ~ |
crowding = effect of crowding(Population / 100) ~ Dmnl ~ |
FINAL TIME = 10 ~ Year ~ |
INITIAL TIME = 0 ~ Year ~ |
SAVEPER = TIME STEP ~ Year ~ |
TIME STEP = 1 ~ Year ~ |
\\\\\\---/// Sketch information - do not modify anything except names
V300  Do not put anything below this section - it will be ignored
*View 1
$192-192-192,0,Times New Roman|12||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|96,96,100,0
10,1,Population,300,200,40,20,3,3,0,0,0,0,0,0
///---\\\\\\
`

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stockflow-mdl-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

const last = (csv: string) => csv.trimEnd().split('\n').at(-1)!.split(',').map(Number)

describe('.mdl on the command line', () => {
  it('runs a .mdl model', async () => {
    const dir = folder({ 'growth.mdl': MDL })
    const { code, stdout, stderr } = await cli('run', join(dir, 'growth.mdl'), '--vars', 'Population')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(last(stdout)[1]).toBeCloseTo(100 * 1.02 ** 10, 9)
  })

  it('applies a changes file, and takes a .cin beside the model as a scenario', async () => {
    const dir = folder({
      'growth.mdl': MDL,
      'faster.cin': 'birth rate = 0.06\neffect of crowding((0,1),(2,1))\n',
    })
    const changed = await cli(
      'run',
      join(dir, 'growth.mdl'),
      '--changes',
      join(dir, 'faster.cin'),
      '--vars',
      'Population',
    )
    expect(changed.code).toBe(0)
    expect(last(changed.stdout)[1]).toBeCloseTo(100 * 1.04 ** 10, 9)
    const scenario = await cli('run', join(dir, 'growth.mdl'), '--scenario', 'faster', '--vars', 'Population')
    expect(scenario.stdout).toBe(changed.stdout)
    const unknown = await cli('run', join(dir, 'growth.mdl'), '--scenario', 'slower')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/no scenario "slower"; the changes files beside the model are faster\n$/)
  })

  it('names the line and column of a changes file that does not fit the model', async () => {
    const dir = folder({ 'growth.mdl': MDL, 'bad.cin': 'birth rat = 0.06\nbirths = 3\n' })
    const { code, stderr } = await cli('run', join(dir, 'growth.mdl'), '--changes', join(dir, 'bad.cin'))
    expect(code).toBe(1)
    expect(stderr).toMatch(
      /bad\.cin:1:1: "birth rat": the model has no variable "birth rat"; did you mean "birth rate"\?/,
    )
    expect(stderr).toMatch(/bad\.cin:2:1: "births": "births" is a flow computed by its equation/)
  })

  it('refuses a data file outside the model folder in one line', async () => {
    const dir = folder({
      'data.mdl': MDL.replace('birth rate = 0.04', "birth rate = GET DIRECT CONSTANTS('../secret.csv', ',', 'B2')"),
    })
    const { code, stderr } = await cli('run', join(dir, 'data.mdl'))
    expect(code).toBe(1)
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/data\.mdl:5:14: "birth rate": .*\.\.\/secret\.csv/)
  })

  it('checks, finds loops and converts a .mdl model', async () => {
    const dir = folder({ 'growth.mdl': MDL })
    const file = join(dir, 'growth.mdl')
    expect((await cli('check', file)).code).toBe(0)
    const loops = await cli('loops', file, '--json')
    expect(loops.code).toBe(0)
    expect(loops.stdout).toMatch(/births/)
    const out = join(dir, 'growth.ts')
    expect((await cli('convert', file, out)).code).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/stock\('Population'/)
  })

  it('refuses a folder given as --changes in one line', async () => {
    const dir = folder({ 'growth.mdl': MDL })
    mkdirSync(join(dir, 'changes'))
    const { code, stderr } = await cli('run', join(dir, 'growth.mdl'), '--changes', join(dir, 'changes'))
    expect(code).toBe(1)
    expect(stderr).toBe(`stockflow: --changes ${join(dir, 'changes')}: is a folder; give a changes file (.cin) in it\n`)
  })

  it('runs --scenario all: each .cin beside the model, labelled by its name', async () => {
    const dir = folder({
      'growth.mdl': MDL,
      'faster.cin': 'birth rate = 0.06\neffect of crowding((0,1),(2,1))\n',
      'S10.cin': 'birth rate = 0.03\n',
      'S2.cin': 'lifetime = 25\n',
    })
    const file = join(dir, 'growth.mdl')
    const all = await cli('run', file, '--scenario', 'all', '--vars', 'Population')
    expect(all.stderr).toBe('')
    expect(all.code).toBe(0)
    const lines = all.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe('scenario,time,Population')
    const final = (label: string) =>
      Number(
        lines
          .filter((l) => l.startsWith(`${label},`))
          .at(-1)!
          .split(',')[2],
      )
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(
      ['faster', 'S2', 'S10'].flatMap((label) => Array<string>(11).fill(label)),
    )
    expect(final('faster')).toBeCloseTo(100 * 1.04 ** 10, 9)
    expect(final('S2')).toBeCloseTo(100 * 1.0 ** 10, 9)
    expect(final('S10')).toBeCloseTo(100 * 1.01 ** 10, 9)
    const json = await cli('run', file, '--scenario', 'all', '--vars', 'Population', '--format', 'json')
    const parsed = JSON.parse(json.stdout) as { scenarios: Record<string, unknown> }
    expect(Object.keys(parsed.scenarios)).toEqual(['faster', 'S2', 'S10'])
    const none = await cli('run', join(folder({ 'growth.mdl': MDL }), 'growth.mdl'), '--scenario', 'all')
    expect(none.code).toBe(1)
    expect(none.stderr).toMatch(/the model has no scenarios and no changes files \(\.cin\) beside it\n$/)
  })

  it('applies --changes and a .cin --scenario to the experiments', async () => {
    const dir = folder({ 'growth.mdl': MDL, 'faster.cin': 'birth rate = 0.06\n' })
    const file = join(dir, 'growth.mdl')
    const sweep = (...more: string[]) =>
      cli('sweep', file, '--vary', 'lifetime=values(50)', '--output', 'Population', ...more)
    const plain = await sweep()
    const changed = await sweep('--changes', join(dir, 'faster.cin'))
    const scenario = await sweep('--scenario', 'faster', '--workers', '2')
    expect(changed.stderr).toBe('')
    expect(changed.code).toBe(0)
    expect(last(plain.stdout).at(-1)).toBeCloseTo(100 * 1.02 ** 10, 9)
    expect(last(changed.stdout).at(-1)).toBeCloseTo(100 * 1.04 ** 10, 9)
    expect(scenario.stdout).toBe(changed.stdout)
    const mc = await cli(
      'montecarlo',
      file,
      '--vary',
      'lifetime=uniform(49,51)',
      '--runs',
      '4',
      '--output',
      'Population',
      '--changes',
      join(dir, 'faster.cin'),
      '--per-run',
    )
    expect(mc.code).toBe(0)
    expect(last(mc.stdout).at(-1)).toBeGreaterThan(100 * 1.03 ** 10)
  })

  it('reads a data file named in another case than on disk, and refuses one a link carries outside', async () => {
    const outside = folder({ 'secret.csv': 'x,y\n1,0.05\n' })
    const dir = folder({
      'Data.csv': 'x,y\n1,0.06\n',
      'data.mdl': MDL.replace('birth rate = 0.04', "birth rate = GET DIRECT CONSTANTS('data.csv', ',', 'B2')"),
      'link.mdl': MDL.replace('birth rate = 0.04', "birth rate = GET DIRECT CONSTANTS('link.csv', ',', 'B2')"),
    })
    symlinkSync(join(outside, 'secret.csv'), join(dir, 'link.csv'))
    const data = await cli('run', join(dir, 'data.mdl'), '--vars', 'Population')
    expect(data.stderr).toBe('')
    expect(last(data.stdout)[1]).toBeCloseTo(100 * 1.04 ** 10, 9)
    const link = await cli('run', join(dir, 'link.mdl'))
    expect(link.code).toBe(1)
    expect(link.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(link.stderr).toMatch(/link\.mdl:5:14: "birth rate": data file "link\.csv" leads outside the model's folder/)
  })

  it('reads data files of a model in the root folder', () => {
    const file = join(realpathSync(folder({ 'data.csv': 'x\n1\n' })), 'data.csv')
    expect(new TextDecoder().decode(folderDataSource('/').read(file.slice(1)))).toBe('x\n1\n')
  })
})

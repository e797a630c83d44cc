import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
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
})

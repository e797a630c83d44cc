import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, root, writeModel } from './support.js'

// --set and --vary against the min/max a model gives its variables: a warning on stderr, an error
// with --strict (exit 1, nothing written), on run and on every experiment command.

const teacup = join(root, 'seeds/teacup')
const regional = join(root, 'seeds/regional-sir')
const teacupFile = 'seeds/teacup/model.ts'
const regionalFile = 'seeds/regional-sir/model.ts'

/** A model file as messages show it: relative to the working folder when inside it. */
const shown = (file: string) => (relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file))

/** The warnings a command printed, without the `stockflow: warning: ` prefix. */
const warnings = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('stockflow: warning: '))
    .map((l) => l.slice('stockflow: warning: '.length))

describe('stockflow run --set outside a range', () => {
  it('warns in one line naming the value, the range and the file, and still runs', async () => {
    const { code, stdout, stderr } = await cli(
      'run',
      teacup,
      '--set',
      'Room Temperature=160',
      '--vars',
      'Room Temperature',
    )
    expect(code).toBe(0)
    expect(stderr).toBe(
      `stockflow: warning: --set "Room Temperature=160" is above its range [0, 100] (${teacupFile})\n`,
    )
    expect(stdout.split('\n')[1]).toBe('0,160')
    const below = await cli('run', teacup, '--set', 'characteristic time=0.5', '--vars', 'Room Temperature')
    expect(warnings(below.stderr)).toEqual([
      `--set "characteristic time=0.5" is below its range [1, 60] (${teacupFile})`,
    ])
  })

  it('says nothing for a value within the range, its bounds included', async () => {
    for (const value of ['0', '100', '55.5']) {
      const { code, stderr } = await cli('run', teacup, '--set', `Room Temperature=${value}`)
      expect(code).toBe(0)
      expect(stderr).toBe('')
    }
  })

  it('checks a stock initial value against the stock range', async () => {
    const { stderr } = await cli('run', teacup, '--set', 'Teacup Temperature=250', '--vars', 'Room Temperature')
    expect(warnings(stderr)).toEqual([`--set "Teacup Temperature=250" is above its range [0, 212] (${teacupFile})`])
  })

  it('with --strict fails: exit 1, one line, nothing written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'stockflow-ranges-')), 'run.csv')
    const args = ['run', teacup, '--set', 'Room Temperature=160', '--strict', '--out', out]
    const { code, stdout, stderr } = await cli(...args)
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toBe(
      `stockflow: --set "Room Temperature=160" is above its range [0, 100] (${teacupFile}); --strict allows only values within the range\n`,
    )
    expect(existsSync(out)).toBe(false)
    const fine = await cli('run', teacup, '--set', 'Room Temperature=60', '--strict', '--out', out)
    expect(fine.code).toBe(0)
    expect(existsSync(out)).toBe(true)
  })

  it('plot checks --set as run does: a warning, and with --strict no plot', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'stockflow-ranges-plot-')), 'plot.svg')
    const args = ['plot', teacup, '--vars', 'Teacup Temperature', '--set', 'Room Temperature=160', '--out', out]
    const strict = await cli(...args, '--strict')
    expect(strict.code).toBe(1)
    expect(strict.stderr).toMatch(/^stockflow: --set "Room Temperature=160" is above its range \[0, 100\]/)
    expect(existsSync(out)).toBe(false)
    const warned = await cli(...args)
    expect(warned.code).toBe(0)
    expect(warnings(warned.stderr)).toEqual([
      `--set "Room Temperature=160" is above its range [0, 100] (${teacupFile})`,
    ])
    expect(existsSync(out)).toBe(true)
  })

  it('reads an arrayed variable per element: [*], one element, the whole array', async () => {
    for (const name of ['Contact Rate[*]', 'Contact Rate', 'contact rate[North]']) {
      const { code, stderr } = await cli('run', regional, '--set', `${name}=2`, '--vars', 'Infected')
      expect(code).toBe(0)
      expect(warnings(stderr)).toEqual([`--set "${name}=2" is above its range [0, 1] (${regionalFile})`])
    }
    // Population has a minimum only.
    const min = await cli('run', regional, '--set', 'Population[south]=0', '--vars', 'Infected')
    expect(warnings(min.stderr)).toEqual([`--set "Population[south]=0" is below its minimum 1 (${regionalFile})`])
  })

  it('names the elements when those a name sets have different ranges (Vensim ranges elements apart)', async () => {
    const flat = writeModel({
      name: 'ranged',
      time: { start: 0, stop: 1, dt: 1 },
      elements: [
        { kind: 'param', name: 'Growth[North]', id: 'growth[north]', value: 0.1, min: 0, max: 1 },
        { kind: 'param', name: 'Growth[South]', id: 'growth[south]', value: 0.1, min: 0, max: 2 },
        { kind: 'param', name: 'Growth[East]', id: 'growth[east]', value: 0.1 },
      ],
    })
    const file = shown(flat)
    const { code, stderr } = await cli('run', flat, '--set', 'Growth[*]=1.5')
    expect(code).toBe(0)
    expect(warnings(stderr)).toEqual([`--set "Growth[*]=1.5" is above the range [0, 1] of Growth[North] (${file})`])
    const both = await cli('run', flat, '--set', 'Growth[*]=3')
    expect(warnings(both.stderr)).toEqual([
      `--set "Growth[*]=3" is above the range [0, 1] of Growth[North] (${file})`,
      `--set "Growth[*]=3" is above the range [0, 2] of Growth[South] (${file})`,
    ])
  })

  it('reads the ranges XMILE <range> and Vensim [min,max] give', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-ranges-import-'))
    const xmile = join(dir, 'room.xmile')
    writeFileSync(
      xmile,
      `<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header><name>room</name></header>
  <sim_specs><start>0</start><stop>2</stop><dt>1</dt></sim_specs>
  <model><variables>
    <aux name="Room Temperature"><eqn>70</eqn><range min="0" max="100"/></aux>
  </variables></model>
</xmile>`,
    )
    const mdl = join(dir, 'room.mdl')
    writeFileSync(
      mdl,
      `Room Temperature = 70 ~ degF [0,100] ~ |
INITIAL TIME = 0 ~ Minute ~ |
FINAL TIME = 2 ~ Minute ~ |
TIME STEP = 1 ~ Minute ~ |
SAVEPER = 1 ~ Minute ~ |
`,
    )
    for (const file of [xmile, mdl]) {
      const { code, stderr } = await cli('run', file, '--set', 'Room Temperature=-1')
      expect(code).toBe(0)
      expect(warnings(stderr)).toEqual([`--set "Room Temperature=-1" is below its range [0, 100] (${shown(file)})`])
      expect((await cli('run', file, '--set', 'Room Temperature=-1', '--strict')).code).toBe(1)
    }
  })
})

describe('--vary outside a range', () => {
  it('sweep: levels outside the range, listed', async () => {
    const { code, stderr } = await cli('sweep', teacup, '--vary', 'Room Temperature=values(50,120,150)')
    expect(code).toBe(0)
    expect(warnings(stderr)).toEqual([
      `--vary "Room Temperature=values(50,120,150)" has levels outside its range [0, 100]: 120, 150 (${teacupFile})`,
    ])
    const inside = await cli('sweep', teacup, '--vary', 'Room Temperature=range(0,100,3)')
    expect(inside.stderr).toBe('')
  })

  it('montecarlo: a uniform or triangular reaching past a bound', async () => {
    const args = ['--runs', '4', '--output', 'Teacup Temperature']
    const uniform = await cli('montecarlo', teacup, '--vary', 'Room Temperature=uniform(-5,120)', ...args)
    expect(uniform.code).toBe(0)
    expect(warnings(uniform.stderr)).toEqual([
      `--vary "Room Temperature=uniform(-5,120)" leaves its range [0, 100]: values down to -5 and up to 120 (${teacupFile})`,
    ])
    const triangular = await cli('montecarlo', teacup, '--vary', 'Characteristic Time=triangular(5,10,61)', ...args)
    expect(warnings(triangular.stderr)).toEqual([
      `--vary "Characteristic Time=triangular(5,10,61)" leaves its range [1, 60]: values up to 61 (${teacupFile})`,
    ])
  })

  it('montecarlo: a normal or lognormal warns only when more than 0.1% of draws fall outside', async () => {
    const args = ['--runs', '4', '--output', 'Teacup Temperature']
    // normal(70, 20) on [0, 100]: P(z < -3.5) + P(z > 1.5) = 0.02% + 6.68%.
    const wide = await cli('montecarlo', teacup, '--vary', 'Room Temperature=normal(70,20)', ...args)
    expect(warnings(wide.stderr)).toEqual([
      `--vary "Room Temperature=normal(70,20)" can leave its range [0, 100]: about 6.7% of draws fall outside (${teacupFile})`,
    ])
    // normal(70, 8): 3.75 sd to the top, 0.009%: can leave, but too rarely to mention.
    const narrow = await cli('montecarlo', teacup, '--vary', 'Room Temperature=normal(70,8)', ...args)
    expect(narrow.stderr).toBe('')
    // A lognormal never goes below 0, so a range starting at 0 is left only at the top.
    const log = await cli('montecarlo', teacup, '--vary', 'Room Temperature=lognormal(60,30)', ...args)
    expect(warnings(log.stderr)).toEqual([
      expect.stringMatching(
        /^--vary "Room Temperature=lognormal\(60,30\)" can leave its range \[0, 100\]: about \d+(\.\d)?% of draws fall outside/,
      ),
    ])
  })

  it('sensitivity and calibrate check their --vary (calibrate: its search bounds)', async () => {
    const sens = await cli(
      'sensitivity',
      teacup,
      '--vary',
      'Room Temperature=uniform(50,150)',
      '--output',
      'Teacup Temperature',
      '--runs',
      '8',
    )
    expect(sens.code).toBe(0)
    expect(warnings(sens.stderr)).toEqual([
      `--vary "Room Temperature=uniform(50,150)" leaves its range [0, 100]: values up to 150 (${teacupFile})`,
    ])
    const data = join(mkdtempSync(join(tmpdir(), 'stockflow-ranges-data-')), 'observed.csv')
    writeFileSync(data, 'time,Teacup Temperature\n0,180\n10,120\n20,95\n30,82\n')
    const fit = await cli('calibrate', teacup, '--data', data, '--vary', 'Characteristic Time=uniform(0.5,20)')
    expect(fit.code).toBe(0)
    expect(warnings(fit.stderr)[0]).toBe(
      `--vary "Characteristic Time=uniform(0.5,20)" leaves its range [1, 60]: values down to 0.5 (${teacupFile})`,
    )
  })

  it('--strict makes each experiment command fail before any run, with nothing written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-ranges-strict-'))
    const data = join(dir, 'observed.csv')
    writeFileSync(data, 'time,Teacup Temperature\n0,180\n10,120\n')
    const out = join(dir, 'out.csv')
    const commands = [
      ['sweep', '--vary', 'Room Temperature=values(50,150)'],
      ['montecarlo', '--vary', 'Room Temperature=uniform(50,150)', '--runs', '4'],
      ['sensitivity', '--vary', 'Room Temperature=uniform(50,150)', '--output', 'Teacup Temperature', '--runs', '4'],
      ['calibrate', '--vary', 'Room Temperature=uniform(50,150)', '--data', data],
    ]
    for (const [command, ...args] of commands) {
      const { code, stdout, stderr } = await cli(command!, teacup, ...args, '--strict', '--out', out)
      expect(code, command).toBe(1)
      expect(stdout).toBe('')
      expect(stderr).toMatch(
        /^stockflow: --vary "Room Temperature=[a-z]+\(50,150\)" (has a level outside|leaves) its range \[0, 100\].*; --strict allows only values within the range\n$/,
      )
      expect(existsSync(out)).toBe(false)
    }
  })

  it('keeps check --strict as it was: lint warnings fail the check', async () => {
    const { code } = await cli('check', teacup, '--strict')
    expect(code).toBe(0)
  })
})

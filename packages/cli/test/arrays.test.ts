import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { modelFromJSON } from '@stockflow/model'
import { viewCommand } from '../src/commands/view.js'
import { cli } from './support.js'

// The commands on an arrayed JSON model (fixtures/regions.json: Population, Births and Growth over
// Region = North, South; Total = SUM(Population[*])): they work on its elements, and its mistakes are
// one line each.

const regions = join(__dirname, 'fixtures/regions.json')
const text = readFileSync(regions, 'utf8')

/** The fixture with `change` applied to its JSON, written to a fresh folder. */
function variant(change: (model: { elements: Record<string, unknown>[] }) => void): string {
  const model = JSON.parse(text) as { elements: Record<string, unknown>[] }
  change(model)
  const file = join(mkdtempSync(join(tmpdir(), 'stockflow-arrays-')), 'model.json')
  writeFileSync(file, JSON.stringify(model))
  return file
}

describe('stockflow run on an arrayed model', () => {
  it('prints a column per element, in order', async () => {
    const { code, stdout, stderr } = await cli('run', regions)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toEqual([
      'time,Population[North],Population[South],Births[North],Births[South],Growth[North],Growth[South],Total',
      '0,100,50,20,5,0.2,0.1,150',
      '1,120,55,24,5.5,0.2,0.1,175',
      '2,144,60.5,28.8,6.050000000000001,0.2,0.1,204.5',
      '3,172.8,66.55,34.56,6.655,0.2,0.1,239.35000000000002',
    ])
  })

  it('sets and keeps elements, whole arrays and patterns; a scenario sets every element', async () => {
    const { stdout } = await cli('run', regions, '--vars', 'Population,total', '--set', 'Growth[*]=0.5', '--stop', '2')
    expect(stdout.trim().split('\n')).toEqual([
      'time,Population[North],Population[South],Total',
      '0,100,50,150',
      '1,150,75,225',
      '2,225,112.5,337.5',
    ])
    const one = await cli('run', regions, '--vars', 'population[south]', '--set', 'growth[south]=1', '--stop', '1')
    expect(one.stdout).toBe('time,Population[South]\n0,50\n1,100\n')
    const still = await cli('run', regions, '--scenario', 'still', '--vars', 'Total', '--format', 'json')
    expect((JSON.parse(still.stdout) as { series: { Total: number[] } }).series.Total).toEqual([150, 150, 150, 150])
  })

  it('takes a subrange in a subscript as all its elements, in --set, --vars and --vary', async () => {
    const upper = variant((m) => {
      const { dimensions } = m as unknown as { dimensions: unknown[] }
      dimensions.push({ name: 'Upper', elements: ['North'], parent: 'Region' })
    })
    const run = await cli('run', upper, '--set', 'Growth[Upper]=1', '--vars', 'Population[Upper],Growth', '--stop', '1')
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe('time,Population[North],Growth[North],Growth[South]\n0,100,1,0.1\n1,200,1,0.1\n')
    const sweep = await cli(
      'sweep',
      upper,
      '--vary',
      'Growth[Upper]=values(0,1)',
      '--output',
      'Population[Upper]',
      '--stop',
      '1',
    )
    expect(sweep.stderr).toBe('')
    expect(sweep.stdout.trim().split('\n')).toEqual([
      'run,Growth[Upper],Population[North] @ final',
      '0,0,100',
      '1,1,200',
    ])
  })

  it('says an auxiliary cannot be set, in one line', async () => {
    const { code, stderr } = await cli('run', regions, '--set', 'Total=1')
    expect(code).toBe(1)
    expect(stderr).toMatch(/: cannot set "Total": it is an auxiliary computed by an equation; only parameters, /)
  })

  it('says which element was meant, in one line', async () => {
    const { code, stdout, stderr } = await cli('run', regions, '--vars', 'Population[Nort]')
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toMatch(
      /^stockflow: --vars: "Population\[Nort\]" in \S*regions\.json: Population has no element \[Nort\]; did you mean "Population\[North\]"\?\n$/,
    )
  })

  it("prints an arrayed model's own mistakes one line each, naming the variable, no stack", async () => {
    const bad = variant((m) => {
      m.elements[1]!.equation = 'Population[Region] * Growth[Nowhere]'
      m.elements[3]!.equation = 'SUM(Population[North, *])'
    })
    const { code, stdout, stderr } = await cli('run', bad)
    expect(code).toBe(1)
    expect(stdout).toBe('')
    const lines = stderr.trimEnd().split('\n')
    expect(lines.length).toBeGreaterThanOrEqual(2)
    for (const line of lines) expect(line).toMatch(/^stockflow: \S*model\.json: .*"(Births|Total)"/)
    expect(stderr).toMatch(/Nowhere/)
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})

describe('experiments on an arrayed model', () => {
  it('sweep varies Growth[*] and keeps every stock element by default', async () => {
    const { code, stdout, stderr } = await cli('sweep', regions, '--vary', 'Growth[*]=values(0,1)', '--stop', '1')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toEqual([
      'run,Growth[*],Population[North] @ final,Population[South] @ final',
      '0,0,100,50',
      '1,1,200,100',
    ])
  })

  it('montecarlo keeps a whole array named in --output, a band per element', async () => {
    const args = ['--vary', 'Growth[North]=uniform(0,1)', '--output', 'Births', '--runs', '4']
    const { code, stdout } = await cli('montecarlo', regions, ...args)
    expect(code).toBe(0)
    const header = stdout.split('\n')[0]!.split(',')
    expect(header.filter((h) => h.endsWith(' p50'))).toEqual(['Births[North] p50', 'Births[South] p50'])
  })
})

describe('check, loops, convert and view on an arrayed model', () => {
  it('check: no problems', async () => {
    const { code, stdout } = await cli('check', regions)
    expect(stdout).toMatch(/regions\.json: ok, 4 elements, no problems\n$/)
    expect(code).toBe(0)
  })

  it('check: array mistakes one line each naming the variable and place, and no lint of the stand-in', async () => {
    const bad = variant((m) => {
      m.elements[1]!.equation = 'Population[Region] * Growth[Nowhere]'
    })
    const { code, stdout } = await cli('check', bad)
    expect(code).toBe(1)
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^\S*model\.json: error \[[a-z-]+\] "Births" equation at \d+: .*Nowhere/)
    expect(stdout).not.toMatch(/\[units\]/)
  })

  it('loops: array mistakes one line each, naming the file', async () => {
    const bad = variant((m) => {
      m.elements[3]!.equation = 'SUM(Population[North, *])'
    })
    const { code, stderr } = await cli('loops', bad)
    expect(code).toBe(1)
    expect(stderr).toMatch(/^stockflow: \S*model\.json: error \[[a-z-]+\] "Total" equation at \d+: [^\n]+\n$/)
  })

  it('loops: one reinforcing loop per element', async () => {
    const { code, stdout, stderr } = await cli('loops', regions, '--elements')
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(/R\d reinforcing \(2 links\): Population\[North\] -> Births\[North\] -> Population\[North\]/)
    expect(stdout).toMatch(/R\d reinforcing \(2 links\): Population\[South\] -> Births\[South\] -> Population\[South\]/)
    const through = await cli('loops', regions, '--elements', '--through', 'births[south]')
    expect(through.stdout).not.toMatch(/North/)
    const whole = await cli('loops', regions, '--elements', '--through', 'Births')
    expect(whole.stdout.trim().split('\n')).toHaveLength(2)
  })

  it('convert to JSON keeps the arrays, and the copy runs the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-arrays-'))
    const out = join(dir, 'copy.json')
    expect((await cli('convert', regions, out)).code).toBe(0)
    const copy = modelFromJSON(readFileSync(out, 'utf8'))
    expect(copy.dimensions).toEqual([{ name: 'Region', elements: ['North', 'South'] }])
    expect((await cli('run', out)).stdout).toBe((await cli('run', regions)).stdout)
  })

  it('convert to TypeScript keeps the arrays (convert.test.ts runs such a source)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'stockflow-arrays-')), 'model.ts')
    expect((await cli('convert', regions, out)).code).toBe(0)
    expect(readFileSync(out, 'utf8')).toContain("const Region = dimension('Region', ['North', 'South'])")
  })

  it('view serves the model without crashing', async () => {
    const viewerDir = mkdtempSync(join(tmpdir(), 'stockflow-viewer-'))
    writeFileSync(join(viewerDir, 'package.json'), '{}')
    mkdirSync(join(viewerDir, 'dist'))
    writeFileSync(join(viewerDir, 'dist/index.html'), '<!doctype html><title>viewer</title>')
    let stdout = ''
    let stderr = ''
    const abort = new AbortController()
    const code = viewCommand(
      regions,
      { open: false, port: '0' },
      { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
      { signal: abort.signal, viewerDir, mode: 'dist' },
    )
    for (let i = 0; i < 400 && !stdout.includes('http'); i++) await new Promise((r) => setTimeout(r, 25))
    const port = Number(new URL(/http:\/\/\S+/.exec(stdout)![0]).port)
    const body = await new Promise<string>((done, fail) => {
      request({ host: '127.0.0.1', port, path: '/model.json' }, (res) => {
        let b = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (b += c))
        res.on('end', () => done(b))
      })
        .on('error', fail)
        .end()
    })
    expect(modelFromJSON(body).dimensions?.[0]?.name).toBe('Region')
    abort.abort()
    expect(await code).toBe(0)
    expect(stderr).toBe('')
  })
})

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, SIR_SWEEP_AT } from './support.js'

const root = join(__dirname, '../../..')
const teacup = join(root, 'seeds/teacup')
const sir = join(root, 'seeds/SIR')

describe('stockflow sweep', () => {
  it('runs every combination: a row per run with the levels and each output at --at', async () => {
    const { code, stdout, stderr } = await cli('sweep', sir, ...SIR_SWEEP_AT)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toBe('run,contact infectivity,duration,Infectious @ 50')
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      '0,0.2,2',
      '1,0.2,5',
      '2,0.3,2',
      '3,0.3,5',
      '4,0.4,2',
      '5,0.4,5',
    ])
    // Each row is the plain run with those settings.
    const single = await cli(
      'run',
      sir,
      '--set',
      'contact infectivity=0.3',
      '--set',
      'duration=5',
      '--vars',
      'Infectious',
    )
    const at50 = single.stdout
      .split('\n')
      .find((l) => l.startsWith('50,'))!
      .split(',')[1]
    expect(lines[4]!.split(',')[3]).toBe(at50)
  })

  it('refuses a distribution (a sweep needs levels) and a missing --vary', async () => {
    const a = await cli('sweep', teacup, '--vary', 'Room Temperature=normal(70,5)')
    expect(a.code).toBe(1)
    expect(a.stderr).toMatch(/sweep needs levels: range\(first,last,count\)/)
    const b = await cli('sweep', teacup)
    expect(b.stderr).toMatch(/needs at least one --vary/)
  })

  it('names the model file and the parameter when a name is unknown', async () => {
    const { code, stderr } = await cli('sweep', teacup, '--vary', 'Room Temp=range(60,80,2)')
    expect(code).toBe(1)
    expect(stderr).toMatch(/^stockflow: --vary: no variable "Room Temp" in seeds\/teacup\/model\.ts/)
    expect(stderr).not.toMatch(/\n\s+at /)
  })
})

describe('stockflow montecarlo', () => {
  it('writes percentile bands over time, ordered p5 <= p25 <= p50 <= p75 <= p95, whole to --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-mc-'))
    const out = join(dir, 'bands.csv')
    const { code, stderr } = await cli(
      'montecarlo',
      teacup,
      '--vary',
      'Characteristic Time=uniform(5,15)',
      '--vary',
      'Room Temperature=normal(70,3)',
      '--runs',
      '100',
      '--saveper',
      '1',
      '--out',
      out,
    )
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    expect(lines[0]).toBe(
      'time,Teacup Temperature p5,Teacup Temperature p25,Teacup Temperature p50,Teacup Temperature p75,Teacup Temperature p95',
    )
    expect(lines).toHaveLength(32)
    for (const line of lines.slice(2)) {
      const [, ...ps] = line.split(',').map(Number)
      for (let i = 1; i < ps.length; i++) expect(ps[i]!).toBeGreaterThanOrEqual(ps[i - 1]!)
      expect(ps[0]!).toBeLessThan(ps[4]!)
    }
  })

  it('gives the same numbers with 1 and 2 worker threads', async () => {
    const args = [
      'montecarlo',
      sir,
      '--vary',
      'contact infectivity=triangular(0.2,0.3,0.4)',
      '--runs',
      '40',
      '--per-run',
    ]
    const one = await cli(...args, '--workers', '1')
    const two = await cli(...args, '--workers', '2')
    expect(one.code).toBe(0)
    expect(two.stdout).toBe(one.stdout)
    expect(one.stdout.trim().split('\n')).toHaveLength(41)
  })

  it('refuses levels, bad distributions and bad counts with one line each', async () => {
    const cases: [string[], RegExp][] = [
      [['--vary', 'Room Temperature=range(1,2,3)'], /levels are for sweep/],
      [['--vary', 'Room Temperature=normal(70,-1)'], /standard deviation must be positive/],
      [['--vary', 'Room Temperature=gamma(1,2)'], /unknown form "gamma"/],
      [['--vary', 'Room Temperature=uniform(1,2)', '--runs', '0'], /--runs must be at least 1/],
      [['--vary', 'Room Temperature=uniform(1,2)', '--at', 'later'], /--at "later"/],
    ]
    for (const [flags, message] of cases) {
      const { code, stderr } = await cli('montecarlo', teacup, ...flags, '--per-run')
      expect(code).toBe(1)
      expect(stderr).toMatch(message)
      expect(stderr.trim().split('\n')).toHaveLength(1)
    }
  })

  it('refuses --at without --per-run in one line, since the bands keep every time', async () => {
    const { code, stdout, stderr } = await cli(
      'montecarlo',
      teacup,
      '--vary',
      'Room Temperature=uniform(60,80)',
      '--at',
      'max',
    )
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toBe(
      'stockflow: montecarlo: --at "max" applies only with --per-run (the percentile bands keep every time); add --per-run or drop --at\n',
    )
  })

  it('writes nothing when it fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-mc-'))
    const out = join(dir, 'bands.csv')
    await cli('montecarlo', teacup, '--vary', 'Nope=uniform(1,2)', '--out', out)
    expect(existsSync(out)).toBe(false)
  })
})

describe('stockflow sensitivity', () => {
  const vary = ['--vary', 'contact infectivity=uniform(0.2,0.4)', '--vary', 'total population=uniform(900,1100)']

  it('prints Sobol indices by total index; csv and json carry the same numbers', async () => {
    const text = await cli('sensitivity', sir, ...vary, '--output', 'Recovered', '--at', '40', '--runs', '128')
    expect(text.stderr).toBe('')
    const lines = text.stdout.trim().split('\n')
    expect(lines[0]).toBe('Sobol indices of "Recovered" (at time 40), 512 runs; by total index:')
    expect(lines[2]).toMatch(/^contact infectivity\s+0\.\d{4}/)
    const json = await cli(
      'sensitivity',
      sir,
      ...vary,
      '--output',
      'Recovered',
      '--at',
      '40',
      '--runs',
      '128',
      '--format',
      'json',
    )
    const r = JSON.parse(json.stdout) as { inputs: { name: string; total: number }[] }
    expect(r.inputs[0]!.name).toBe('contact infectivity')
    expect(r.inputs[0]!.total).toBeGreaterThan(0.5)
    expect(r.inputs[1]!.total).toBeLessThan(0.2)
    expect(lines[2]).toContain(r.inputs[0]!.total.toFixed(4))
  })

  it('Morris effects with --analysis morris', async () => {
    const { code, stdout } = await cli(
      'sensitivity',
      sir,
      ...vary,
      '--output',
      'Recovered',
      '--analysis',
      'morris',
      '--format',
      'csv',
    )
    expect(code).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toBe('input,mu*,mu,sigma')
    expect(lines).toHaveLength(3)
  })

  it('needs an output', async () => {
    const { code, stderr } = await cli('sensitivity', sir, ...vary)
    expect(code).toBe(1)
    expect(stderr).toMatch(/sensitivity needs an --output VAR/)
  })

  it('gives indices for each of several outputs from one set of runs', async () => {
    const args = [...vary, '--output', 'Infectious,Recovered', '--analysis', 'morris', '--runs', '4', '--format', 'csv']
    const { code, stdout } = await cli('sensitivity', sir, ...args)
    expect(code).toBe(0)
    const rows = stdout.trim().split('\n')
    expect(rows[0]).toBe('output,input,mu*,mu,sigma')
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['Infectious', 'Infectious', 'Recovered', 'Recovered'])
  })
})

describe('stockflow calibrate', () => {
  async function observed(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-cal-'))
    const file = join(dir, 'observed.csv')
    const run = await cli(
      'run',
      sir,
      '--set',
      'contact infectivity=0.33',
      '--set',
      'duration=4',
      '--vars',
      'Infectious,Recovered',
      '--saveper',
      '2',
    )
    writeFileSync(file, run.stdout)
    return file
  }
  const fit = ['--vary', 'contact infectivity=uniform(0.1,0.6)', '--vary', 'duration=uniform(1,10)']

  it('recovers the parameters that made the data, from the model values, and reports the fit', async () => {
    const data = await observed()
    const { code, stdout, stderr } = await cli('calibrate', sir, '--data', data, ...fit)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toMatch(
      /^Fitted 2 parameters to 2 series \(102 observations\): converged after (\d+) iterations \(\d+ steps? taken, \d+ refused\), \d+ runs;/,
    )
    expect(stdout).toMatch(/Contact Infectivity\s+0\.33\s/)
    expect(stdout).toMatch(/Duration\s+4\s/)
    const json = JSON.parse((await cli('calibrate', sir, '--data', data, ...fit, '--format', 'json')).stdout) as {
      set: Record<string, number>
      parameters: { initial: number }[]
    }
    expect(json.set['Contact Infectivity']).toBeCloseTo(0.33, 8)
    expect(json.parameters.map((p) => p.initial)).toEqual([0.3, 5])
  })

  it('writes the residuals as CSV', async () => {
    const { stdout } = await cli('calibrate', sir, '--data', await observed(), ...fit, '--format', 'csv')
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toBe('series,variable,time,observed,simulated,residual')
    expect(lines).toHaveLength(103)
  })

  it('names the data file and line of a bad value, and asks for --data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-cal-'))
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'time,Infectious\n0,5\n1,abc\n')
    const a = await cli('calibrate', sir, '--data', bad, ...fit)
    expect(a.code).toBe(1)
    expect(a.stderr).toMatch(/bad\.csv: line 3, column "Infectious": "abc" is not a number/)
    const b = await cli('calibrate', sir, ...fit)
    expect(b.stderr).toMatch(/needs --data FILE\.csv/)
  })
})

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, root } from './support.js'

// --set on the four experiment commands: base values of every run, checked as run's are; --vary wins.

const sir = join(root, 'seeds/SIR')
const sirFile = 'seeds/SIR/model.ts'

/** The last value of Infectious in `stockflow run` with these --set pairs. */
async function runFinal(...set: string[]): Promise<number> {
  const { stdout } = await cli('run', sir, ...set.flatMap((s) => ['--set', s]), '--vars', 'Infectious')
  return Number(stdout.trim().split('\n').at(-1)!.split(',')[1])
}

describe('--set on the experiments', () => {
  it('sweep: every run starts from the set values, as run with both would', async () => {
    const { code, stdout, stderr } = await cli(
      'sweep',
      sir,
      '--vary',
      'Duration=values(2,5)',
      '--set',
      'Contact Infectivity=0.4',
      '--output',
      'Infectious',
    )
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const rows = stdout.trim().split('\n').slice(1)
    expect(Number(rows[1]!.split(',')[2])).toBe(await runFinal('Duration=5', 'Contact Infectivity=0.4'))
    expect(Number(rows[0]!.split(',')[2])).toBe(await runFinal('Duration=2', 'Contact Infectivity=0.4'))
  })

  it('--vary wins over --set of the same variable', async () => {
    const args = ['--vary', 'Duration=values(2,5)', '--output', 'Infectious']
    const plain = await cli('sweep', sir, ...args)
    const set = await cli('sweep', sir, ...args, '--set', 'Duration=9')
    expect(set.stdout).toBe(plain.stdout)
  })

  it('montecarlo with --set: the same numbers on 1 and 2 worker threads, a function of the seed', async () => {
    const args = ['--vary', 'Contact Infectivity=uniform(0.2,0.4)', '--set', 'Duration=3', '--runs', '12']
    const one = await cli('montecarlo', sir, ...args, '--workers', '1')
    const two = await cli('montecarlo', sir, ...args, '--workers', '2')
    expect(one.code).toBe(0)
    expect(two.stdout).toBe(one.stdout)
    const without = await cli('montecarlo', sir, ...args.slice(0, 2), '--runs', '12')
    expect(without.stdout).not.toBe(one.stdout)
  })

  it('sensitivity and calibrate take it too', async () => {
    const vary = ['--vary', 'Contact Infectivity=uniform(0.2,0.4)', '--vary', 'Duration=uniform(2,8)']
    const morris = [...vary, '--output', 'Recovered', '--runs', '8']
    const sensitivity = await cli('sensitivity', sir, ...morris, '--set', 'Total Population=2000')
    expect(sensitivity.stderr).toBe('')
    expect(sensitivity.code).toBe(0)
    expect(sensitivity.stdout).not.toBe((await cli('sensitivity', sir, ...morris)).stdout)
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-set-'))
    const data = join(dir, 'observed.csv')
    const observed = await cli(
      'run',
      sir,
      '--set',
      'Total Population=2000',
      '--set',
      'Duration=4',
      '--vars',
      'Infectious',
      '--saveper',
      '2',
    )
    writeFileSync(data, observed.stdout)
    const fit = await cli(
      'calibrate',
      sir,
      '--data',
      data,
      '--vary',
      'Duration=uniform(1,10)',
      '--set',
      'Total Population=2000',
      '--format',
      'json',
    )
    expect(fit.code).toBe(0)
    const json = JSON.parse(fit.stdout) as { set: Record<string, number> }
    expect(json.set['Total Population']).toBe(2000)
    expect(json.set['Duration']).toBeCloseTo(4, 6)
  })

  it('names are checked with a did-you-mean, a line each; values against the ranges, --strict refusing', async () => {
    const vary = ['--vary', 'Duration=values(2,5)']
    const names = await cli('sweep', sir, ...vary, '--set', 'Contact Infectvity=0.4', '--set', 'Totl Population=9')
    expect(names.code).toBe(1)
    expect(names.stdout).toBe('')
    expect(names.stderr).toBe(
      `stockflow: --set: no variable "Contact Infectvity" in ${sirFile}; did you mean "Contact Infectivity"?\n` +
        `stockflow: --set: no variable "Totl Population" in ${sirFile}; did you mean "Total Population"?\n`,
    )
    const range = await cli('sweep', sir, ...vary, '--set', 'Contact Infectivity=5')
    expect(range.code).toBe(0)
    expect(range.stderr).toMatch(/^stockflow: warning: --set "Contact Infectivity=5" is above/)
    const strict = await cli('sweep', sir, ...vary, '--set', 'Contact Infectivity=5', '--strict')
    expect(strict.code).toBe(1)
    expect(strict.stdout).toBe('')
    expect(strict.stderr).toMatch(/--strict allows only values within the range/)
    expect((await cli('montecarlo', sir, '--vary', 'Duration=uniform(2,5)', '--set', 'Duration')).stderr).toBe(
      'stockflow: --set expects NAME=VALUE, got "Duration"\n',
    )
  })
})

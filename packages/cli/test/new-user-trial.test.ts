import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, root } from './support.js'

// What a new user's trial of the command line found: every bad name of a flag, the position of a
// mistake in a model that checks.ts imports, and plot saying what it wrote.

const sir = join(root, 'seeds/SIR')
const sirFile = 'seeds/SIR/model.ts'

describe('a new user on their own SIR model', () => {
  it('--vars with two misspelt names reports both, a line each', async () => {
    const { code, stdout, stderr } = await cli('run', sir, '--vars', 'Infectous,Recovered,Recoverd')
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toBe(
      `stockflow: --vars: no variable "Infectous" in ${sirFile}; did you mean "Infectious"?\n` +
        `stockflow: --vars: no variable "Recoverd" in ${sirFile}; did you mean "Recovered"?\n`,
    )
  })

  it('every flag with a bad name is reported at once, the same name once', async () => {
    const { stderr } = await cli('run', sir, '--set', 'Duratoin=3', '--vars', 'Infectous,Infectous')
    expect(stderr.trim().split('\n')).toEqual([
      `stockflow: --set: no variable "Duratoin" in ${sirFile}; did you mean "Duration"?`,
      `stockflow: --vars: no variable "Infectous" in ${sirFile}; did you mean "Infectious"?`,
    ])
  })

  it('test names the line and column of a misspelt handle in the model the checks import, as run does', async () => {
    // Inside the repository, so the modules resolve the @stockflow packages.
    mkdirSync(join(__dirname, '.scratch'), { recursive: true })
    const dir = mkdtempSync(join(__dirname, '.scratch', 'typo-'))
    try {
      copyFileSync(join(sir, 'checks.ts'), join(dir, 'checks.ts'))
      const source = readFileSync(join(sir, 'model.ts'), 'utf8')
      const broken = source.replace('eq`${infectious} / ${duration}`', 'eq`${infectious} / ${durration}`')
      expect(broken).not.toBe(source)
      writeFileSync(join(dir, 'model.ts'), broken)
      const lines = broken.split('\n')
      const line = lines.findIndex((l) => l.includes('durration')) + 1
      const column = lines[line - 1]!.indexOf('durration') + 1
      const where = `${relative(process.cwd(), join(dir, 'model.ts'))}:${line}:${column}`

      const test = await cli('test', dir)
      expect(test.code).toBe(1)
      expect(test.stdout).toBe('')
      expect(test.stderr).toMatch(
        new RegExp(
          `^stockflow: ${where.replace(/[.\\]/g, '\\$&')}: could not load the model: durration is not defined`,
        ),
      )
      expect(test.stderr.split('\n')[0]).toBe((await cli('run', dir)).stderr.split('\n')[0])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('plot says what it wrote, on one line, as convert does', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'stockflow-plot-')), 'sir.svg')
    const { code, stdout, stderr } = await cli('plot', sir, '--vars', 'Infectious,Recovered', '--out', out)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const svg = readFileSync(out, 'utf8')
    const [, width, height] = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!
    expect(stdout).toBe(`${sirFile} -> ${out} (SVG, 2 panels, ${width}x${height})\n`)
  })
})

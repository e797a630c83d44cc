import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { stockflowProcess } from '../support/stockflow-process.js'

// Hostile Vensim files, through `stockflow run` in a process of its own as a user meets them: each is
// one line on stderr and exit 1 (or a right run), never a stack trace, an abort or a hang. Nothing in a
// .mdl file runs: a payload in a name or a comment stays text.

const CONTROL = `FINAL TIME = 4 ~ Year ~ |
INITIAL TIME = 0 ~ Year ~ |
SAVEPER = TIME STEP ~ Year ~ |
TIME STEP = 1 ~ Year ~ |
`

const dir = mkdtempSync(join(tmpdir(), 'stockflow-hostile-mdl-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function run(name: string, text: string, ...args: string[]) {
  const file = join(dir, name)
  writeFileSync(file, text)
  return stockflowProcess('run', file, ...args)
}

/** The one line a failing run prints, checked to be only one and without a stack. */
function oneLine(r: { status: number | null; stdout: string; stderr: string }): string {
  expect(r.status).toBe(1)
  expect(r.stdout).toBe('')
  const lines = r.stderr.trimEnd().split('\n')
  expect(lines, r.stderr).toHaveLength(1)
  expect(r.stderr).not.toMatch(/\n\s+at |RangeError|Maximum call stack|Fatal/)
  return lines[0]!
}

describe('hostile .mdl files (stockflow run)', () => {
  it('50,000 nested parentheses: refused at the nesting cap', () => {
    const deep = '('.repeat(50_000) + '1' + ')'.repeat(50_000)
    expect(oneLine(run('deep.mdl', `x = ${deep} ~~|\n${CONTROL}`))).toMatch(
      /deep\.mdl:1:\d+: "x": .*nested deeper than/,
    )
  })

  it('a file cut in the middle of a definition: the line where it starts', () => {
    const text = `a = 1 ~~|\nb = INTEG(a, \n`
    expect(oneLine(run('cut.mdl', text))).toMatch(/cut\.mdl:2:1: "b": /)
  })

  it('a macro that calls itself: named, with the chain', () => {
    const text = `:MACRO: ECHO(a)\nECHO = ECHO(a) + 1 ~~|\n:END OF MACRO:\nx = ECHO(1) ~~|\n${CONTROL}`
    expect(oneLine(run('echo.mdl', text))).toMatch(/echo\.mdl:\d+:\d+: .*the macro ECHO calls itself/)
  })

  it('a data file outside the model folder: refused before anything is read', () => {
    const text = `x := GET DIRECT DATA('../../etc/passwd', ',', 'A', 'B2') ~~|\n${CONTROL}`
    expect(oneLine(run('escape.mdl', text))).toMatch(/escape\.mdl:1:6: "x": .*etc\/passwd.*folder/)
  })

  it('a legacy .xls workbook: one line saying to save it as .xlsx or CSV', () => {
    writeFileSync(join(dir, 'old.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    const text = `x = GET DIRECT CONSTANTS('old.xls', 'Sheet1', 'B2') ~~|\n${CONTROL}`
    expect(oneLine(run('legacy.mdl', text))).toMatch(/legacy\.mdl:1:5: "x": .*\.xlsx.*CSV/)
  })

  it('code in names and comments stays text', () => {
    const payload = '"); process.exit(3); ("'
    const text = `"a${payload.replace(/"/g, '\\"')}" = 2 ~ units ~ ${payload} |\ny = "a${payload.replace(/"/g, '\\"')}" * 2 ~~|\n${CONTROL}`
    const r = run('payload.mdl', text, '--vars', 'y')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('4,4')
  })

  it('a 1.5 MB model of 30,000 equations runs', () => {
    const lines = Array.from(
      { length: 30_000 },
      (_, i) => `variable number ${i} = ${i} * 0.001 + 1 ~ Dmnl ~ generated |`,
    )
    const text = `${lines.join('\n')}\ntotal = variable number 29999 * 2 ~~|\n${CONTROL}`
    expect(text.length).toBeGreaterThan(1_500_000)
    const r = run('big.mdl', text, '--vars', 'total')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(`4,${(29_999 * 0.001 + 1) * 2}`)
  })
})

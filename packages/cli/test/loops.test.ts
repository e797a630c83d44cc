import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loopsCommand } from '../src/commands/loops.js'
import type { LoopsFlags } from '../src/commands/loops.js'

const root = join(__dirname, '../../..')
const seed = (name: string) => join(root, 'seeds', name)

async function loops(model: string, flags: LoopsFlags = {}) {
  let stdout = ''
  let stderr = ''
  const code = await loopsCommand(model, flags, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  })
  return { code, stdout, stderr }
}

describe('stockflow loops', () => {
  it('prints one line per loop', async () => {
    const { code, stdout, stderr } = await loops(seed('teacup'))
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toBe('B1 balancing (2 links): Teacup Temperature -> Heat Loss to Room -> Teacup Temperature\n')
  })

  it('prints the loops of SIR, and only those through a variable with --through', async () => {
    expect((await loops(seed('SIR'))).stdout.split('\n')).toEqual([
      'B1 balancing (2 links): Infectious -> Recovering -> Infectious',
      'R1 reinforcing (2 links): Infectious -> Succumbing -> Infectious',
      'B2 balancing (2 links): Susceptible -> Succumbing -> Susceptible',
      '',
    ])
    expect((await loops(seed('SIR'), { through: 'susceptible' })).stdout).toBe(
      'B2 balancing (2 links): Susceptible -> Succumbing -> Susceptible\n',
    )
  })

  it('writes the loops JSON: { loops: [{ id, name?, polarity, variables, links }] }', async () => {
    const { code, stdout } = await loops(seed('teacup'), { json: true })
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toEqual({
      loops: [
        {
          id: 'B1',
          polarity: 'balancing',
          variables: ['Teacup Temperature', 'Heat Loss to Room'],
          links: [
            { from: 'Teacup Temperature', to: 'Heat Loss to Room', polarity: '+' },
            { from: 'Heat Loss to Room', to: 'Teacup Temperature', polarity: '-' },
          ],
        },
      ],
      named: [],
    })
  })

  it('adds the dominant loop per interval with --dominance', async () => {
    const text = (await loops(seed('SIR'), { dominance: true })).stdout.split('\n')
    expect(text[3]).toBe('dominant loops (Loops That Matter, mean relative loop score):')
    expect(text.slice(4).map((l) => l.replace(/ \d+%$/, ''))).toEqual([
      '  0.03125 to 33.15625: R1 reinforcing',
      '  33.1875 to 42.8125: B2 balancing',
      '  42.84375 to 100: B1 balancing',
      '',
    ])
    const json = JSON.parse((await loops(seed('SIR'), { dominance: true, json: true })).stdout)
    expect(json.dominance.intervals.map((i: { loop: string }) => i.loop)).toEqual(['R1', 'B2', 'B1'])
  })

  it('names matched loops, and reports named loops that disagree', async () => {
    const { stdout, stderr, code } = await loops(seed('involution'), { through: 'Local Government Debt' })
    expect(code).toBe(0)
    expect(stderr).toMatch(/^stockflow: .*model\.ts: more than 10000 loops; listing a shortest independent loop set/)
    expect(stdout).toContain(
      'R2 reinforcing (2 links): Local Government Debt -> LG Interest -> Local Government Debt  [named R4 Local fiscal squeeze]\n',
    )
    const all = (await loops(seed('involution'))).stdout
    expect(all).toContain('named loops: 15 of 15 found, 1 with the other polarity\n')
    expect(all).toMatch(/\n {2}R2 Provincial GDP tournament: found balancing \(B\d+\), named reinforcing\n/)
  })

  it('says which variable is unknown, naming the file', async () => {
    const { code, stdout, stderr } = await loops(seed('SIR'), { through: 'Infectios' })
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toMatch(
      /^stockflow: .*model\.ts: model "SIR" has no variable "Infectios"; did you mean "Infectious"\?\n$/,
    )
  })

  it('reports a model that cannot run in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-loops-'))
    const file = join(dir, 'bad.json')
    writeFileSync(
      file,
      JSON.stringify({
        name: 'bad',
        time: { start: 0, stop: 1, dt: 1 },
        elements: [{ kind: 'aux', name: 'A', equation: 'B + 1' }],
      }),
    )
    const { code, stderr } = await loops(file)
    expect(code).toBe(1)
    expect(stderr.split('\n')[0]).toMatch(/^stockflow: .*bad\.json: /)
    expect(stderr).toContain('B')
  })
})

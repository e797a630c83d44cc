import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Aux, Issue, Model } from '@stockflow/model'
import { codeBlocks, runTypeScriptExample } from '../../../test/support/readme.js'

const readme = join(__dirname, '../README.md')

interface Example {
  regions: Model
  issues: Issue[]
  flat: Model
  youngShare: Aux
}

/** The README's ` ```ts ` block under "Arrays in the typed DSL". */
function arraysBlock(): string {
  const text = readFileSync(readme, 'utf8')
  const section = text.slice(text.indexOf('### Arrays in the typed DSL'))
  const block = codeBlocks(section).find((b) => b.lang === 'ts')
  if (!block) throw new Error('the README has no ts block under "Arrays in the typed DSL"')
  return block.code
}

describe('README: arrays in the typed DSL', () => {
  it('builds the arrayed model, which validates and flattens as the comments say', async () => {
    // runTypeScriptExample runs a markdown file's first ts block: hand it this one alone.
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-dsl-readme-'))
    const md = join(dir, 'README.md')
    writeFileSync(md, '```ts\n' + arraysBlock() + '```\n')
    let example: Example
    try {
      example = await runTypeScriptExample<Example>(md, ['regions', 'issues', 'flat', 'youngShare'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    const { regions, issues, flat, youngShare } = example
    expect(issues).toEqual([])
    expect(regions.dimensions).toEqual([
      { name: 'Region', elements: ['north', 'south', 'east'] },
      { name: 'Coast', elements: ['north', 'east'], parent: 'Region' },
      { name: 'Age', elements: ['young', 'old'] },
    ])
    const names = flat.elements.map((e) => e.name)
    expect(names.slice(0, 6)).toEqual([
      'Pop[north,young]',
      'Pop[north,old]',
      'Pop[south,young]',
      'Pop[south,old]',
      'Pop[east,young]',
      'Pop[east,old]',
    ])
    expect(names).toContain('Births[south,old]')
    expect(names).toContain('Birth Rate[north]')
    const by = Object.fromEntries(flat.elements.map((e) => [e.name, e]))
    expect(by['Pop[east,old]']).toMatchObject({ initial: '50' })
    expect(by['Pop[south,old]']).toMatchObject({ initial: '100' })
    expect(by['Birth Rate[south]']).toMatchObject({ value: 0.02 })
    expect(by['Birth Rate[east]']).toMatchObject({ value: 0.03 })
    expect(youngShare.equation).toBe('"Pop"[Region, young] / SUM("Pop"[Region, *])')
    expect(arraysBlock()).toContain(`// youngShare.equation: '${youngShare.equation}'`)
  })
})

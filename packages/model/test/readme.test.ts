import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { flatten, modelFromJSON, validate } from '@stockflow/model'
import type { Issue, Model } from '@stockflow/model'
import { codeBlocks, runTypeScriptExample } from '../../../test/support/readme.js'

const readme = join(__dirname, '../README.md')

interface Example {
  outbreak: Model
  issues: Issue[]
  json: string
  copy: Model
  problem: Issue
}

describe('README', () => {
  it('builds a model with the DSL, validates it, writes it as JSON and reads it back', async () => {
    const names = ['outbreak', 'issues', 'json', 'copy', 'problem']
    const { outbreak, issues, json, copy, problem } = await runTypeScriptExample<Example>(readme, names)
    expect(issues).toEqual([])
    expect(JSON.parse(json)).toMatchObject({
      name: 'outbreak',
      elements: [
        { kind: 'stock', name: 'Infected', id: 'infected', initial: '1' },
        { kind: 'param', name: 'Contact Rate', id: 'contact_rate', value: 0.3 },
        { kind: 'flow', name: 'Spread', id: 'spread' },
      ],
    })
    expect(copy).toEqual(outbreak)
    const shown = { code: 'unknown-reference', element: 'Doubled', span: { start: 0, end: 7 } }
    expect(problem).toMatchObject({ ...shown, hint: 'did you mean "Infected"?' })
    expect(readFileSync(readme, 'utf8')).toContain(
      `// { code: '${shown.code}', element: '${shown.element}', span: { start: 0, end: 7 }, hint: '${problem.hint}' }`,
    )
  })
})

describe('README: arrays', () => {
  it('reads the arrayed JSON model, which validates and flattens as the text says', () => {
    const block = codeBlocks(readFileSync(readme, 'utf8')).find((b) => b.lang === 'json')
    const m = modelFromJSON(block!.code)
    expect(validate(m)).toEqual([])
    const flat = flatten(m)
    const by = Object.fromEntries(flat.elements.map((e) => [e.name, e]))
    expect(flat.elements.slice(0, 2).map((e) => e.name)).toEqual(['Pop[north,young]', 'Pop[north,old]'])
    expect(by['Births[east,old]']).toMatchObject({ equation: '"Pop[east,old]" * "Birth Rate[east]"' })
    expect(by['Birth Rate[east]']).toMatchObject({ value: 0.03 })
    expect(by['Birth Rate[south]']).toMatchObject({ value: 0.02 })
    expect(by['Pop[south,old]']).toMatchObject({ initial: '100 * 2', inflows: ['births[south,old]'] })
    expect(by['Total']).toMatchObject({
      equation: expect.stringMatching(/^sum\("Pop\[north,young\]", .*"Pop\[east,old\]"\)$/),
    })
    expect(by['Young Share[south]']).toMatchObject({
      equation: '"Pop[south,young]" / sum("Pop[south,young]", "Pop[south,old]")',
    })
    expect(readFileSync(readme, 'utf8')).toContain('`Pop[north,young]`')
  })
})

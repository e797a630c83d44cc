import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Issue, Model } from '@stockflow/model'
import { runTypeScriptExample } from '../../../test/support/readme.js'

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

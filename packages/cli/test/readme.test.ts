import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliExamples } from '../../../test/support/readme.js'
import { cli, root } from './support.js'

// The README's commands name seeds relative to the repository root, where vitest runs.
const examples = cliExamples(readFileSync(join(__dirname, '../README.md'), 'utf8'))

describe('README', () => {
  it('shows a command-line example with its output', () => {
    expect(examples.length).toBeGreaterThan(0)
    expect(process.cwd(), 'run the tests from the repository root').toBe(root)
  })

  it.each(examples.map((e, i) => [i + 1, e] as const))('example %i prints what the README shows', async (_, e) => {
    let printed = ''
    for (const args of e.commands) {
      const { code, stdout, stderr } = await cli(...args)
      expect(stderr, args.join(' ')).toBe('')
      expect(code, args.join(' ')).toBe(0)
      printed += stdout
    }
    expect(printed).toBe(e.output)
  })
})

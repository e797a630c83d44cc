import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { corpusPath } from '../../../test/support/corpus.js'
import { formatProblem } from '../src/internal.js'
import { parseMdl } from '../src/index.js'
import { mdlFiles, prefix, withoutPosition } from './parse-helpers.js'

const COPIES = [corpusPath('test-models'), corpusPath('test-models-simlin')]
const WORLD3 = corpusPath('world3', 'wrld3-03.mdl')

describe.skipIf(WORLD3 === undefined)('parseMdl on the corpus', () => {
  it('parses every .mdl of both SDXorg corpus copies with no problem', () => {
    let files = 0
    const problems: string[] = []
    for (const copy of COPIES) {
      for (const file of mdlFiles(copy!)) {
        files++
        const parsed = parseMdl(readFileSync(file), file)
        problems.push(...parsed.problems.map((p) => formatProblem(relative(copy!, file), p)))
        expect(parsed.definitions.length, file).toBeGreaterThan(0)
      }
    }
    expect(problems).toEqual([])
    expect(files).toBeGreaterThan(250)
  })

  it('parses World3-03 with no problem: its groups, lookups, wrapped lines, views and settings', () => {
    const file = parseMdl(readFileSync(WORLD3!), WORLD3)
    expect(file.problems).toEqual([])
    expect(withoutPosition(file)).toEqual([''])
    expect(file.definitions.length).toBeGreaterThan(300)
    expect(file.macros).toEqual([])
    const byName = new Map(file.definitions.map((d) => [d.t === 'equation' ? d.lhs.name : d.name, d]))
    expect(byName.get('Arable Land')).toMatchObject({
      kind: 'equals',
      group: 'Agriculture.Loop1',
      doc: { units: 'hectare', comment: 'Arable land (AL#85).' },
      expr: { t: 'call', fn: 'INTEG' },
    })
    // Wrapped with `\` inside the call's argument list.
    const wrapped = byName.get('fraction of industrial output allocated to agriculture 1')
    expect(wrapped?.t === 'equation' && prefix(wrapped.expr!)).toBe(
      'fraction industrial output allocated to agriculture table 1((/ food per capita indicated food per capita))',
    )
    const lookup = byName.get('Education Index LOOKUP')
    expect(lookup?.t === 'equation' && [lookup.kind, lookup.table?.x.slice(0, 3)]).toEqual(['lookup', [0, 1000, 2000]])
    expect(byName.get('Human Ecological Footprint')?.doc.comment).toBe(
      'See Appendix 2 of Limits to Growth - the 30-Year Update for discussion of this index',
    )
    // Fourteen views, each after its own marker, then the settings.
    expect(file.sketch!.text.match(/^\\\\\\---\/\/\/ Sketch information/gm)).toHaveLength(14)
    expect(file.settings!.text).toMatch(/^:GRAPH /)
  })
})

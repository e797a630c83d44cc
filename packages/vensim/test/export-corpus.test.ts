import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isStockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { loadModel, main } from '@stockflow/cli'
import { corpusPath } from '../../../test/support/corpus.js'
import { exportMdl, importMdl } from '../src/index.js'
import { elementShape, runDifference } from './export-helpers.js'

// The round trip on the SDXorg corpus: every model of both copies that passes `stockflow conformance`
// today is written as .mdl by exportMdl and read back by importMdl. Read back, it must run the same
// (every series, within 1e-9 relative) and, for the .mdl models, be the same model up to what the
// format cannot keep (listed below per file, with the reason).

const COPIES = ['test-models', 'test-models-simlin'] as const
const roots = COPIES.map((c) => corpusPath(c))

/**
 * Elements of a corpus .mdl that come back different after the round trip, by file, with why. The
 * runs are the same all the same.
 */
const CHANGED: Readonly<Record<string, { readonly ids: readonly string[]; readonly why: string }>> = {
  'tests/get_with_missing_values_xlsx/test_get_with_missing_values_xlsx.mdl': {
    ids: ['data_hb1', 'data_hb2', 'data_hb3', 'data_hb4', 'data_lf1', 'data_lf2', 'data_lf3', 'data_lf4'],
    why: 'a data series read :HOLD BACKWARD: or :LOOK FORWARD: comes back as a lookup called with LOOKUP BACKWARD/FORWARD',
  },
  'tests/vector_order/test_vector_order.mdl': {
    ids: ['revenue', 'revenue2a', 'revenue2b', 'revenue3'],
    why: 'a data series read :HOLD BACKWARD: comes back as a lookup called with LOOKUP BACKWARD',
  },
  'tests/partial_range_definitions/test_partial_range_definitions.mdl': {
    ids: ['partial_data', 'partial_lookup', 'partiall_hardcoded_lookup'],
    why: 'a range the import makes for a variable defined on some elements comes back as another with those elements',
  },
}

/** The files of one copy that pass conformance today, as `stockflow conformance --json` reports them. */
async function passing(dir: string, scratch: string): Promise<string[]> {
  const json = join(scratch, 'conformance.json')
  const quiet = { stdout: () => undefined, stderr: () => undefined }
  await main(['conformance', dir, '--json', json], quiet)
  const report = JSON.parse(readFileSync(json, 'utf8')) as { rows: { file: string; status: string }[] }
  rmSync(json)
  return report.rows.filter((r) => r.status === 'pass').map((r) => r.file)
}

const isMdl = (file: string) => file.toLowerCase().endsWith('.mdl')

/** A model with the elements `ids` and the dimensions only they use left out, for comparing the rest. */
function without(m: Model, ids: readonly string[]): { elements: unknown[]; dimensions: unknown } {
  const kept = m.elements.filter((e) => !ids.includes(e.id))
  const used = new Set(kept.flatMap((e) => e.dimensions ?? []))
  const dimensions = ids.length === 0 ? m.dimensions : m.dimensions?.filter((d) => used.has(d.name) || !d.parent)
  return { elements: kept.map(elementShape), dimensions }
}

describe.skipIf(roots[0] === undefined)('exportMdl on the SDXorg corpus', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'stockflow-export-corpus-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))
  const files: { copy: string; root: string; file: string }[] = []
  beforeAll(async () => {
    for (const [k, root] of roots.entries())
      for (const file of await passing(root!, scratch)) files.push({ copy: COPIES[k]!, root: root!, file })
  }, 300_000)

  it('every .mdl that passes conformance: written and read back, the same run and the same model', async () => {
    const problems: string[] = []
    let compared = 0
    for (const { copy, root, file } of files.filter((f) => isMdl(f.file))) {
      const where = `${copy}/${file}`
      const before = (await loadModel(join(root, file))).model
      const { model: after, warnings } = importMdl(exportMdl(before), 'export.mdl', { name: before.name })
      compared++
      if (warnings.length > 0) problems.push(`${where}: warns ${warnings[0]}`)
      const method = before.time.method ?? 'euler'
      const run = runDifference(before, after, method) ?? runDifference(after, before, method)
      if (run !== undefined) problems.push(`${where}: ${run}`)
      const changed = CHANGED[file]?.ids ?? []
      // What a changed element becomes may bring lookups of its own (`<name> lookup ...`).
      const brought = after.elements
        .filter(
          (e) => changed.some((id) => e.id.startsWith(`${id}_lookup`)) && !before.elements.some((b) => b.id === e.id),
        )
        .map((e) => e.id)
      if (JSON.stringify(without(before, changed)) !== JSON.stringify(without(after, [...changed, ...brought])))
        problems.push(`${where}: the model read back differs`)
      if (JSON.stringify(before.time) !== JSON.stringify(after.time))
        problems.push(`${where}: the clock read back differs`)
    }
    expect(problems).toEqual([])
    // 130 .mdl models of each copy pass conformance today (and World3, tested on its own).
    expect(compared).toBeGreaterThanOrEqual(260)
  }, 600_000)

  it('every XMILE model that passes conformance: written as .mdl and read back, the same run', async () => {
    const refused: string[] = []
    const problems: string[] = []
    let same = 0
    for (const { copy, root, file } of files.filter((f) => !isMdl(f.file))) {
      const where = `${copy}/${file}`
      const before = (await loadModel(join(root, file))).model
      let text: string
      try {
        text = exportMdl(before)
      } catch (err) {
        if (!isStockflowError(err)) throw err
        refused.push(`${where}: ${(err as Error).message}`)
        continue
      }
      const after = importMdl(text, 'export.mdl', { name: before.name }).model
      // Vensim's control variables, auxiliaries of an XMILE file exported by Vensim, are the clock in a .mdl.
      const run = runDifference(before, after, before.time.method ?? 'euler', ['SAVEPER'])
      if (run === undefined) same++
      else problems.push(`${where}: ${run}`)
    }
    expect(problems).toEqual([])
    // Vensim can express every XMILE model of the corpus that passes conformance.
    expect(refused).toEqual([])
    expect(same).toBeGreaterThanOrEqual(182)
  }, 600_000)
})

const world3 = corpusPath('world3')

describe.skipIf(!world3)('exportMdl on World3-03 (corpus)', () => {
  it('wrld3-03.mdl imported, exported and imported again: the same model and the same run', () => {
    const before = importMdl(readFileSync(join(world3!, 'wrld3-03.mdl')), 'wrld3-03.mdl').model
    const { model: after, warnings } = importMdl(exportMdl(before), 'export.mdl', { name: before.name })
    expect(warnings).toEqual([])
    expect(after.elements.map(elementShape)).toEqual(before.elements.map(elementShape))
    expect(after.time).toEqual(before.time)
    expect(runDifference(before, after)).toBeUndefined()
    expect(runDifference(after, before)).toBeUndefined()
  })
})

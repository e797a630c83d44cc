import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { StockflowError } from '@stockflow/model'
import type { Model, View } from '@stockflow/model'
import { importXmile } from '@stockflow/xmile'
import { corpusPath } from '../../../test/support/corpus.js'
import { decodeMdl } from '../src/decode.js'
import { sketchName } from '../src/export-sketch-names.js'
import { sketchSection } from '../src/export-sketch.js'
import type { DataSource } from '../src/index.js'
import { importMdl } from '../src/index.js'
import { sketchStart } from '../src/sections.js'
import { mdlFiles } from './parse-helpers.js'

const COPIES = [corpusPath('test-models'), corpusPath('test-models-simlin'), corpusPath('world3')]

/** The files beside a model, read from disk. */
function folder(dir: string): DataSource {
  const files = new Set(readdirSync(dir))
  return { read: (path) => (files.has(path) ? readFileSync(join(dir, path)) : undefined) }
}

/**
 * Views with each alias's uid replaced by its place among the view's aliases (the export numbers its
 * objects afresh, as Vensim does, so an alias's uid is a new number naming the same alias).
 */
function renumbered(views: readonly View[] | undefined): unknown {
  return (views ?? []).map((v) => {
    const order = new Map<number, number>()
    for (const it of v.items) if (it.kind === 'alias' && it.uid !== undefined) order.set(it.uid, order.size + 1)
    const uid = (u: number | undefined) => (u === undefined ? undefined : (order.get(u) ?? -u))
    return {
      ...v,
      items: v.items.map((it) => (it.kind === 'alias' ? { ...it, uid: uid(it.uid) } : it)),
      links: (v.links ?? []).map((l) => ({
        ...l,
        ...(l.fromAlias !== undefined ? { fromAlias: uid(l.fromAlias) } : {}),
        ...(l.toAlias !== undefined ? { toAlias: uid(l.toAlias) } : {}),
      })),
    }
  })
}

/** Where `a` and `b` differ, numbers allowed `tolerance` apart; paths of the differences. */
function differences(a: unknown, b: unknown, tolerance: number, path = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= tolerance ? [] : [`${path}: ${a} -> ${b}`]
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${path}: ${a.length} entries -> ${b.length}`]
    return a.flatMap((x, i) => differences(x, b[i], tolerance, `${path}[${i}]`))
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    return [...keys].flatMap((k) =>
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tolerance, `${path}.${k}`),
    )
  }
  return a === b ? [] : [`${path}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`]
}

/** The views without the pipes' points. */
function withoutPoints(views: unknown): unknown {
  return JSON.parse(JSON.stringify(views, (k, v: unknown) => (k === 'points' ? undefined : v)))
}

/**
 * Views whose pipes do not come back the same, and why; the rest of their views must. The file names
 * are the same in both copies of the test models.
 */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  'tests/except/test_except.mdl':
    'flows drawn as plain words: written as valves piped to their stock, as the diagram draws them, they read back with pipes',
}
const exception = (shown: string) => EXCEPTIONS[shown.slice(shown.indexOf('/') + 1)]

describe.skipIf(COPIES[0] === undefined)('sketchSection on the corpus', () => {
  it('every .mdl with a sketch: import, write the sketch anew, import again: the same views', () => {
    const report: string[] = []
    let files = 0
    let views = 0
    let refused = 0
    const excepted: string[] = []
    const counts = { own: 0, alias: 0, cloud: 0, links: 0 }
    for (const copy of COPIES) {
      const root = dirname(copy!)
      for (const file of mdlFiles(copy!)) {
        const shown = relative(root, file)
        const text = decodeMdl(readFileSync(file))
        const at = sketchStart(text, 0)
        if (at < 0) continue
        let first
        try {
          first = importMdl(text, shown, { data: folder(dirname(file)) }).model
        } catch (err) {
          // Models the import refuses (where their data is kept) have no views to write.
          if (!(err instanceof StockflowError)) throw err
          refused++
          continue
        }
        const read = importMdl(text.slice(0, at) + sketchSection(first), shown, { data: folder(dirname(file)) })
        const again = read.model
        // Every line written is one the sketch reader takes.
        report.push(...read.warnings.filter((w) => w.includes('sketch:')))
        files++
        for (const v of first.views ?? []) {
          views++
          for (const it of v.items) counts[it.kind ?? 'own']++
          counts.links += v.links?.length ?? 0
        }
        const [a, b] = [renumbered(first.views), renumbered(again.views)]
        const diff = exception(shown) ? differences(withoutPoints(a), withoutPoints(b), 0) : differences(a, b, 1)
        if (diff.length > 0) report.push(`${shown}: ${diff.slice(0, 5).join('; ')}`)
        if (exception(shown)) excepted.push(shown)
      }
    }
    console.info(
      `sketchSection round trip: ${files} corpus files (${refused} refused by the import), ${views} views, ` +
        `${counts.own} items, ${counts.alias} aliases, ${counts.cloud} clouds, ${counts.links} links`,
    )
    expect(report).toEqual([])
    expect(excepted).toEqual([
      'test-models/tests/except/test_except.mdl',
      'test-models-simlin/tests/except/test_except.mdl',
    ])
    expect(files).toBeGreaterThan(250)
  })
})

/** Every file under `dir` whose name ends with one of `extensions`. */
function filesUnder(dir: string, extensions: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(e.parentPath, e.name)
    return e.isDirectory() ? filesUnder(path, extensions) : extensions.test(e.name) ? [path] : []
  })
}

/** Vensim's control variables: the clock there, never elements. */
const CONTROL = new Set(['initial_time', 'final_time', 'time_step', 'saveper'])

/**
 * Just enough equations for the sketch to be read against: each stock integrates its flows (so they are
 * flows again), every other variable is 0; arrays are left scalar, which the sketch does not see.
 */
function equationsOf(model: Model): string {
  const lines = ['{UTF-8}']
  for (const e of model.elements) {
    if (CONTROL.has(e.id)) continue
    const name = sketchName(e.name)
    const nameOf = (id: string) => sketchName(model.elements.find((x) => x.id === id)!.name)
    if (e.kind === 'stock') {
      const rate = [...e.inflows.map((f) => `+${nameOf(f)}`), ...e.outflows.map((f) => `-${nameOf(f)}`)].join('')
      lines.push(`${name} = INTEG(${rate || '0'}, 0) ~~|`)
    } else lines.push(`${name} = 0 ~~|`)
  }
  lines.push('INITIAL TIME = 0 ~~|', 'FINAL TIME = 1 ~~|', 'TIME STEP = 1 ~~|', 'SAVEPER = 1 ~~|', '')
  return lines.join('\n')
}

/**
 * What a Vensim sketch keeps of views: items (a stock's size, when the view gives one), aliases and
 * links, alias uids renumbered. Control variables are left out: in Vensim they are the clock, no element.
 */
function kept(views: readonly View[] | undefined, sized: (view: number, id: string) => boolean): unknown {
  const shown = renumbered(views) as View[]
  return shown.map((v, k) => ({
    items: v.items.flatMap(({ id, x, y, kind, uid, width, height }) =>
      kind === 'cloud' || CONTROL.has(id)
        ? []
        : [{ id, x, y, ...(kind ? { kind, uid } : { ...(sized(k, id) ? { width, height } : {}) }) }],
    ),
    links: (v.links ?? []).filter((l) => !CONTROL.has(l.from) && !CONTROL.has(l.to)),
  }))
}

const XMILE_COPIES = [corpusPath('test-models'), corpusPath('test-models-simlin')]

describe.skipIf(XMILE_COPIES[0] === undefined)('sketchSection on views from XMILE (corpus)', () => {
  it('keeps their items, aliases and links through a sketch', () => {
    const report: string[] = []
    let files = 0
    const counts = { own: 0, alias: 0, cloud: 0, links: 0 }
    for (const copy of XMILE_COPIES) {
      for (const file of filesUnder(copy!, /\.(xmile|stmx)$/i)) {
        const shown = relative(dirname(copy!), file)
        let model
        try {
          model = importXmile(readFileSync(file, 'utf8'), shown).model
        } catch (err) {
          // Models the XMILE import refuses (placeholder equations, unsupported features) have no views to write.
          if (err instanceof StockflowError) continue
          throw err
        }
        if (!model.views?.length) continue
        const text = equationsOf(model) + sketchSection(model)
        const read = importMdl(text, shown)
        const again = read.model
        report.push(...read.warnings.filter((w) => w.includes('sketch:')))
        // A stock's size comes back from half sizes in whole pixels, when the view gave one.
        const stocks = new Set(model.elements.filter((e) => e.kind === 'stock').map((e) => e.id))
        const sized = (k: number, id: string) =>
          stocks.has(id) && model.views![k]?.items.find((it) => it.id === id && !it.kind)?.width !== undefined
        const diff = differences(kept(model.views, sized), kept(again.views, sized), 1)
        if (diff.length > 0) report.push(`${shown}: ${diff.slice(0, 5).join('; ')}`)
        // Each flow drawn with a pipe is drawn with one again (its ends at stocks or clouds).
        const piped = (vs: readonly View[] | undefined) =>
          (vs ?? []).map((v) => v.items.filter((it) => !it.kind && (it.points?.length ?? 0) >= 2).map((it) => it.id))
        if (JSON.stringify(piped(model.views)) !== JSON.stringify(piped(again.views)))
          report.push(`${shown}: pipes ${JSON.stringify(piped(model.views))} -> ${JSON.stringify(piped(again.views))}`)
        files++
        for (const v of model.views) {
          for (const it of v.items) counts[it.kind ?? 'own']++
          counts.links += v.links?.length ?? 0
        }
      }
    }
    console.info(
      `sketchSection from XMILE: ${files} corpus files, ${counts.own} items, ${counts.alias} aliases, ${counts.links} links`,
    )
    expect(report).toEqual([])
    expect(files).toBeGreaterThan(100)
  })
})

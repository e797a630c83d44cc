import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { simulate } from '@stockflow/solver'
import { exportXmile, importXmile } from '@stockflow/xmile'
import sir from '../../seeds/SIR/model.js'
import teacup from '../../seeds/teacup/model.js'
import { corpusRoot } from '../support/corpus.js'
import { FUZZ_TIMEOUT, fuzz, handled } from './config.js'

/** XMILE files of the corpus (STOCKFLOW_CORPUS), read in place (never copied into the repository). */
function corpusFiles(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) corpusFiles(path, found)
    else if (/\.(xmile|stmx|itmx)$/i.test(name)) found.push(path)
  }
  return found
}

const root = corpusRoot()
const corpus = root ? corpusFiles(root) : []
const seeds: string[] = [exportXmile(teacup), exportXmile(sir), ...corpus.map((f) => readFileSync(f, 'utf8'))]

/** Pieces of XML (well-formed and not) spliced into a document. */
const SNIPPET = fc.constantFrom(
  '<',
  '>',
  '&',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x110000;',
  '&bogus;',
  '"',
  "'",
  ']]>',
  '<![CDATA[x]]>',
  '<!-- -->',
  '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
  '<!ENTITY x SYSTEM "file:///etc/passwd">',
  '&x;',
  '<?xml version="1.0"?>',
  '<aux name="__proto__"><eqn>constructor</eqn></aux>',
  '<stock name="s"><eqn>1</eqn><inflow>nope</inflow></stock>',
  '<flow name="f"><eqn>1/0</eqn></flow>',
  '<eqn></eqn>',
  '<eqn>IF THEN ELSE</eqn>',
  '<gf><xpts>1,0</xpts><ypts>1</ypts></gf>',
  '<dimensions><dim name="d" size="3"/></dimensions>',
  '<module name="m"/>',
  '<sim_specs><dt>0</dt></sim_specs>',
  '<stop>-1</stop>',
  '</model>',
  '</variables>',
  '\u0000',
  '\u2028',
  '\uFEFF',
  '产能',
)

/** One edit of a document: delete, insert, duplicate, replace or truncate at a random place. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(SNIPPET, fc.string({ maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('char' as const),
    at: fc.nat(),
    text: fc.constantFrom('<', '>', '/', '"', '=', ' ', 'x', '0', '-', '.'),
  }),
)

type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never

function apply(doc: string, e: Edit): string {
  const at = e.at % (doc.length + 1)
  switch (e.kind) {
    case 'delete':
      return doc.slice(0, at) + doc.slice(at + e.len)
    case 'insert':
      return doc.slice(0, at) + e.text + doc.slice(at)
    case 'duplicate':
      return doc.slice(0, at + e.len) + doc.slice(at, at + e.len) + doc.slice(at + e.len)
    case 'truncate':
      return doc.slice(0, at)
    case 'char':
      return doc.slice(0, at) + e.text + doc.slice(at + 1)
  }
}

describe('fuzz: XMILE import', () => {
  it(`reads ${seeds.length} seed documents (teacup, SIR${corpus.length ? `, ${corpus.length} corpus files` : ''})`, () => {
    expect(seeds.length).toBeGreaterThanOrEqual(2)
  })

  it(
    'mutated XMILE imports to a model (that simulates or fails cleanly) or a StockflowError',
    () => {
      fc.assert(
        fc.property(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 4 }), (pick, edits) => {
          const doc = edits.reduce(apply, seeds[pick % seeds.length]!)
          const imported = handled(() => importXmile(doc, 'mutant.xmile'))
          if (imported) handled(() => simulate(imported.model))
        }),
        fuzz(600),
      )
    },
    FUZZ_TIMEOUT,
  )
})

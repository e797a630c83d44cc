import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MdlError, parseChanges, scenarioFiles } from '@stockflow/vensim'
import { corpusPath } from '../../../test/support/corpus.js'

describe('parseChanges: Vensim changes files (.cin)', () => {
  it("reads Vensim's documented forms", () => {
    const { changes, problems } = parseChanges(
      [
        'CONSTANT NAME  1= 123.4',
        'CONSTANT NAME 2[sub]= 3,2,7',
        'constant_name 3 := -120.0 { a comment',
        '  over two lines }',
        '"Arable Land in Gigahectares (GHA)" == 1e3',
        'LOOKUP NAME 1( 1,2,3,4,5,0,2,4,5,9)',
        'LOOKUP NAME 3([(0,0)-(2,1)],(0,0),(1,1),(2,1))',
        '0.0<= NORM FRAC BIRTH[CHINA] = .015 <= .1',
        'matrix[a, b] = 1, 2; 3, 4;',
      ].join('\n'),
    )
    expect(problems).toEqual([])
    expect(changes.map(({ pos: _pos, ...c }) => c)).toEqual([
      { kind: 'constant', name: 'CONSTANT NAME 1', subscripts: [], value: 123.4 },
      { kind: 'list', name: 'CONSTANT NAME 2', subscripts: ['sub'], rows: [[3, 2, 7]] },
      { kind: 'constant', name: 'constant_name 3', subscripts: [], value: -120 },
      { kind: 'constant', name: 'Arable Land in Gigahectares (GHA)', subscripts: [], value: 1000 },
      { kind: 'lookup', name: 'LOOKUP NAME 1', subscripts: [], table: { x: [1, 2, 3, 4, 5], y: [0, 2, 4, 5, 9] } },
      { kind: 'lookup', name: 'LOOKUP NAME 3', subscripts: [], table: { x: [0, 1, 2], y: [0, 1, 1] } },
      { kind: 'constant', name: 'NORM FRAC BIRTH', subscripts: ['CHINA'], value: 0.015 },
      {
        kind: 'list',
        name: 'matrix',
        subscripts: ['a', 'b'],
        rows: [
          [1, 2],
          [3, 4],
        ],
      },
    ])
    expect(changes.map((c) => [c.pos.line, c.pos.column])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [5, 1],
      [6, 1],
      [7, 1],
      [8, 1],
      [9, 1],
    ])
  })

  it('reads a lookup over several lines, CRLF line ends and a DOS end-of-file mark', () => {
    const text =
      'crowding multiplier from industry table (\r\n  (0,.05),(200,.05),\r\n (400,0),(1600,0))\r\n\u001a junk'
    const { changes, problems } = parseChanges(text)
    expect(problems).toEqual([])
    expect(changes).toEqual([
      {
        kind: 'lookup',
        name: 'crowding multiplier from industry table',
        subscripts: [],
        table: { x: [0, 200, 400, 1600], y: [0.05, 0.05, 0, 0] },
        pos: { line: 1, column: 1, offset: 0 },
      },
    ])
  })

  it('reports every other entry, one line each with its position, and reads on', () => {
    const file = parseChanges(
      [
        'first = 1',
        "STRINGVAR NAME :IS: 'literal string'",
        'bad = x',
        'table ( (1,2), (0, 3))',
        'odd ( 1, 2, 3 )',
        '0 <= bounded = ',
        'last = 5',
        'unclosed { comment',
      ].join('\n'),
    )
    expect(file.changes.map((c) => c.name)).toEqual(['first', 'last'])
    expect(new MdlError('W.cin', file.problems).message.split('\n')).toEqual([
      'W.cin:2:16: "STRINGVAR NAME": a string variable cannot be changed: stockflow has none; remove this line',
      'W.cin:3:7: "bad": expected a number, not "x"',
      'W.cin:4:17: "table": the lookup\'s x values must increase; 0 follows 1',
      'W.cin:5:15: "odd": a lookup written as x values then y values needs as many of each; it has 3 numbers',
      'W.cin:7:1: "bounded": expected a number, not "last"',
      'W.cin:8:10: a comment "{" is never closed with "}": close it',
    ])
  })

  it('an empty file, or one with comments only, changes nothing', () => {
    expect(parseChanges('')).toEqual({ changes: [], problems: [] })
    expect(parseChanges('\uFEFF{ nothing here }\r\n\u001a')).toEqual({ changes: [], problems: [] })
  })

  it('hostile input: long, deep or binary text is read in one pass with bounded problems', () => {
    const long = 'x = 1\n'.repeat(50_000)
    expect(parseChanges(long).changes).toHaveLength(50_000)
    const deep = `t${'('.repeat(100_000)}`
    expect(parseChanges(deep).problems).toHaveLength(1)
    const binary = String.fromCharCode(...Array.from({ length: 2000 }, (_, k) => (k * 37) % 256))
    expect(parseChanges(binary).problems.length).toBeLessThan(200)
  })
})

describe('scenarioFiles: the changes files beside a model', () => {
  it('lists .cin files in natural order, by scenario name', () => {
    expect(
      scenarioFiles(['wrld3-03.mdl', 'W303S10.CIN', 'W303S02.CIN', 'w303ifio.cin', 'notes.txt', 'sub/x.cin', '.cin']),
    ).toEqual([
      { file: 'w303ifio.cin', scenario: 'w303ifio' },
      { file: 'W303S02.CIN', scenario: 'W303S02' },
      { file: 'W303S10.CIN', scenario: 'W303S10' },
    ])
  })
})

const world3 = corpusPath('world3')

describe.skipIf(!world3)('World3 changes files of the corpus', () => {
  it('corpus World3: every .CIN parses without a problem', () => {
    const files = scenarioFiles(readdirSync(world3!))
    expect(files.map((f) => f.scenario)).toEqual([
      'W303IFIO',
      ...Array.from({ length: 12 }, (_, k) => `W303S${String(k + 2).padStart(2, '0')}`),
    ])
    const counts: Record<string, number> = {}
    for (const { file, scenario } of files) {
      const { changes, problems } = parseChanges(readFileSync(join(world3!, file), 'latin1'))
      expect(problems, file).toEqual([])
      counts[scenario] = changes.length
    }
    expect(counts).toEqual({
      W303IFIO: 15,
      W303S02: 1,
      W303S03: 2,
      W303S04: 3,
      W303S05: 4,
      W303S06: 5,
      W303S07: 6,
      W303S08: 3,
      W303S09: 5,
      W303S10: 12,
      W303S11: 14,
      W303S12: 14,
      W303S13: 14,
    })
    const s02 = parseChanges(readFileSync(join(world3!, 'W303S02.CIN'), 'latin1')).changes
    expect(s02).toEqual([
      {
        kind: 'constant',
        name: 'initial nonrenewable resources',
        subscripts: [],
        value: 2e12,
        pos: { line: 1, column: 1, offset: 0 },
      },
    ])
  })
})

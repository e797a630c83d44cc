import { describe, expect, it } from 'vitest'
import { clean, definition, equation, prefix, shape } from './parse-helpers.js'

describe('parseMdl: definitions', () => {
  it('reads an equation with its units, range and comment', () => {
    const e = equation(
      'Time to adjust  workforce = 3\n\t~\tMonth [1,30,.5]\n\t~\tHow long it takes\n\t\tto adjust.\n\t|',
    )
    expect(shape(e)).toEqual({
      t: 'equation',
      lhs: { name: 'Time to adjust workforce', subscripts: [], except: [] },
      kind: 'equals',
      expr: { t: 'num', value: 3 },
      doc: { units: 'Month', range: { min: 1, max: 30, step: 0.5 }, comment: 'How long it takes\nto adjust.' },
    })
  })

  it('reads ranges with ? and the inf/nan other tools write as absent bounds', () => {
    expect(equation('x = 1 ~ Month [0,?] ~ |').doc.range).toEqual({ min: 0 })
    expect(equation('x = 1 ~ Minute [nan, inf] ~ |').doc.range).toEqual({})
    expect(equation('x = 1 ~ [-1, 1] ~ |').doc).toEqual({ range: { min: -1, max: 1 } })
  })

  it('reads := as data, == as unchangeable, and the interpolation keywords', () => {
    expect(equation('d := GET DATA AT TIME(x, 1) ~~|').kind).toBe('data-equals')
    expect(equation('c == 5 ~~|').kind).toBe('unchangeable')
    for (const [keyword, interpolation] of [
      [':INTERPOLATE:', 'interpolate'],
      [':HOLD BACKWARD:', 'hold-backward'],
      [':LOOK FORWARD:', 'look-forward'],
      [':RAW:', 'raw'],
    ] as const) {
      const e = equation(`d[a, b] ${keyword} := GET DIRECT DATA('f.csv', ',', 'A', 'B2') ~~|`)
      expect(e).toMatchObject({ kind: 'data-equals', interpolation })
    }
    expect(equation('d:interpolate::= 1 ~~|').interpolation).toBe('interpolate')
  })

  it('reads a bare data variable, with or without a keyword', () => {
    expect(shape(equation('exogenous data\n\t~\tWidgets\n\t~\t|'))).toEqual({
      t: 'equation',
      lhs: { name: 'exogenous data', subscripts: [], except: [] },
      kind: 'data',
      doc: { units: 'Widgets' },
    })
    expect(equation('v[d1] :HOLD BACKWARD: ~~|')).toMatchObject({ kind: 'data', interpolation: 'hold-backward' })
    expect(equation('v |').kind).toBe('data')
  })

  it('reads lookups with a range, without, and as x values then y values', () => {
    expect(shape(equation('tbl( [(0,0)-(10,2)], (0,0), (5,1.5), (10,2) ) ~~|').table)).toEqual({
      range: { xmin: 0, ymin: 0, xmax: 10, ymax: 2 },
      x: [0, 5, 10],
      y: [0, 1.5, 2],
    })
    expect(shape(equation('tbl((0,1),(1,-2)) ~~|').table)).toEqual({ x: [0, 1], y: [1, -2] })
    expect(shape(equation('effect tab(0, 0.5, 1.0, 2.0,\n\t0, 0.7, 1.0, 1.1) ~~|').table)).toEqual({
      x: [0, 0.5, 1, 2],
      y: [0, 0.7, 1, 1.1],
    })
    const e = equation('tbl[Region]([(0,0)-(1,1),(0.5,0.5)],(0,0),(1,1)) ~~|')
    expect(e).toMatchObject({ kind: 'lookup', lhs: { subscripts: [{ name: 'Region' }] } })
  })

  it('reads a lookup read from a file as its call', () => {
    const e = equation("lookup 2d[Rows]( GET XLS LOOKUPS('input.xls','Sheet1','4','C5')) ~~|")
    expect(e.kind).toBe('lookup')
    expect(e.table).toBeUndefined()
    expect(prefix(e.expr!)).toBe("GET XLS LOOKUPS('input.xls', 'Sheet1', '4', 'C5')")
  })

  it('reads subscripts on the left, with :EXCEPT: lists', () => {
    const e = equation('x[dim1, dim2] :EXCEPT: [d1, d2], [d3, "d 4"] = 1 ~~|')
    expect(shape(e.lhs)).toEqual({
      name: 'x',
      subscripts: [
        { name: 'dim1', bang: false },
        { name: 'dim2', bang: false },
      ],
      except: [
        [
          { name: 'd1', bang: false },
          { name: 'd2', bang: false },
        ],
        [
          { name: 'd3', bang: false },
          { name: 'd 4', bang: false },
        ],
      ],
    })
  })

  it('reads subscript ranges: elements, numbered runs, mappings', () => {
    expect(
      shape(definition('Region: north, "south east", (r1-r12) -> Map, (Other: a, b)\n~ index ~ Regions |')),
    ).toEqual({
      t: 'subscript-range',
      name: 'Region',
      elements: [
        { t: 'name', name: 'north' },
        { t: 'name', name: 'south east' },
        { t: 'run', prefix: 'r', from: 1, to: 12 },
      ],
      mappings: [{ target: 'Map' }, { target: 'Other', elements: ['a', 'b'] }],
      doc: { units: 'index', comment: 'Regions' },
    })
  })

  it('reads subscript equivalences and GET DIRECT SUBSCRIPT', () => {
    expect(shape(definition('A <-> B ~~|'))).toEqual({
      t: 'subscript-range',
      name: 'A',
      elements: [],
      mappings: [],
      alias: 'B',
      doc: {},
    })
    const d = definition("Dim: GET DIRECT SUBSCRIPT('input.xls','Sheet1','C3','D3','Depth') ~~|")
    if (d.t !== 'subscript-range') throw new Error(d.t)
    expect(d.elements).toEqual([])
    expect(prefix(d.fromData!)).toBe("GET DIRECT SUBSCRIPT('input.xls', 'Sheet1', 'C3', 'D3', 'Depth')")
  })

  it('reads :SUPPLEMENTARY after the comment', () => {
    expect(equation('x = 1 ~ Person ~ total ~ :SUPPLEMENTARY |').doc).toEqual({
      units: 'Person',
      comment: 'total',
      supplementary: true,
    })
  })

  it('keeps an odd quote in a comment to its comment', () => {
    const file = clean('a = 1 ~ C ~ "The room" temperature" cannot\n\t|\nb = 2 ~~|\nc = 3 ~~|')
    expect(file.definitions.map((d) => d.t === 'equation' && d.lhs.name)).toEqual(['a', 'b', 'c'])
  })

  it('keeps reality checks apart from the definitions', () => {
    const file = clean(
      'no output:THE CONDITION:\n\tworkers[a]=0:IMPLIES:output[a]=0 ~~|\n' +
        'zero input[s]:TEST INPUT: p[s] = RC_STEP(p[s], 0) ~~|\nx = 1 ~~|',
    )
    expect(file.definitions).toHaveLength(1)
    expect(file.realityChecks!.map((r) => [r.lhs.name, r.kind])).toEqual([
      ['no output', 'condition'],
      ['zero input', 'test-input'],
    ])
    expect(prefix(file.realityChecks![0]!.implies!)).toBe('(= output[a] 0)')
  })

  it('records the group on the definitions that follow it', () => {
    const file = clean(
      'a = 1 ~~|\n' +
        '********************************************************\n\t.Control\n' +
        '********************************************************~\n\t\tSimulation Control Parameters\n\t|\n' +
        'FINAL TIME = 10 ~~|\nR: r1, r2 ~~|\n' +
        '********************************************************\n\t.Agriculture.Loop1\n' +
        '********************************************************~\n\t|\n' +
        'b = 2 ~~|\n',
    )
    expect(file.definitions.map((d) => [d.t === 'equation' ? d.lhs.name : d.name, d.group])).toEqual([
      ['a', undefined],
      ['FINAL TIME', 'Control'],
      ['R', 'Control'],
      ['b', 'Agriculture.Loop1'],
    ])
  })

  it('gives the definition, its left-hand side and its subscripts their positions', () => {
    const e = equation('\n\n  stock[r] = INTEG(inflow, 0) ~~|')
    expect(e.pos).toEqual({ line: 3, column: 3, offset: 4 })
    expect(e.lhs.subscripts[0]!.pos).toEqual({ line: 3, column: 9, offset: 10 })
  })
})

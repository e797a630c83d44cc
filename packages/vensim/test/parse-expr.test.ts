import { describe, expect, it } from 'vitest'
import { prefix, rhs, shape } from './parse-helpers.js'

describe('parseMdl: expressions', () => {
  it('reads numbers as Vensim writes them', () => {
    for (const [text, value] of [
      ['12', 12],
      ['.5', 0.5],
      ['5.', 5],
      ['1e+006', 1e6],
      ['2.5E-3', 0.0025],
      ['1e3', 1000],
    ] as const)
      expect(rhs(text)).toMatchObject({ t: 'num', value })
  })

  it('binds ^ tighter than a sign on its left and right to left, as Vensim runs show', () => {
    expect(prefix(rhs('-2^2'))).toBe('(- (^ 2 2))')
    expect(prefix(rhs('4^3^2'))).toBe('(^ 4 (^ 3 2))')
    expect(prefix(rhs('2^-2^-3'))).toBe('(^ 2 (- (^ 2 (- 3))))')
    expect(prefix(rhs('(-a)^2'))).toBe('(^ (- a) 2)')
    expect(prefix(rhs('a * -b'))).toBe('(* a (- b))')
  })

  it('reads arithmetic left to right at each level', () => {
    expect(prefix(rhs('a - b - c'))).toBe('(- (- a b) c)')
    expect(prefix(rhs('a / b * c'))).toBe('(* (/ a b) c)')
    expect(prefix(rhs('a + b * c ^ d'))).toBe('(+ a (* b (^ c d)))')
    expect(prefix(rhs('+a'))).toBe('(+ a)')
  })

  it('puts comparisons below arithmetic, then :NOT:, :AND:, :OR:', () => {
    expect(prefix(rhs('a + 1 > b * 2'))).toBe('(> (+ a 1) (* b 2))')
    expect(prefix(rhs('a <> b'))).toBe('(<> a b)')
    expect(prefix(rhs('a <= b :AND: c >= d'))).toBe('(and (<= a b) (>= c d))')
    expect(prefix(rhs('a :OR: b :AND: c'))).toBe('(or a (and b c))')
    expect(prefix(rhs('a = b'))).toBe('(= a b)')
    // Vensim's run of subscripted_logicals: `:NOT: Time > 5` is true while Time <= 5.
    expect(prefix(rhs(':NOT: Time > 5'))).toBe('(not (> Time 5))')
    expect(prefix(rhs(':NOT: a :AND: b'))).toBe('(and (not a) b)')
    expect(prefix(rhs(':NOT::NOT: a'))).toBe('(not (not a))')
  })

  it('keeps parentheses as written', () => {
    expect(shape(rhs('(a)'))).toEqual({ t: 'paren', arg: { t: 'ref', name: 'a', subscripts: [] } })
  })

  it('reads :NA:, strings and calls', () => {
    expect(rhs(':NA:')).toMatchObject({ t: 'na' })
    expect(prefix(rhs("GET DIRECT DATA('data.csv', ',', 'A', 'B2')"))).toBe(
      "GET DIRECT DATA('data.csv', ',', 'A', 'B2')",
    )
    expect(prefix(rhs('IF THEN ELSE(a, b, c)'))).toBe('IF THEN ELSE(a, b, c)')
    expect(prefix(rhs('INTEG (in - out, 10)'))).toBe('INTEG((- in out), 10)')
    expect(prefix(rhs('A FUNCTION OF(a, b)'))).toBe('A FUNCTION OF(a, b)')
    expect(prefix(rhs('RANDOM 0 1()'))).toBe('RANDOM 0 1()')
  })

  it('reads the outputs of a macro call with several', () => {
    const call = rhs('SSTATS(a, b : out1, "out 2")')
    expect(shape(call)).toEqual({
      t: 'call',
      fn: 'SSTATS',
      args: [
        { t: 'ref', name: 'a', subscripts: [] },
        { t: 'ref', name: 'b', subscripts: [] },
      ],
      outputs: ['out1', 'out 2'],
    })
  })

  it('reads subscripts, bangs and subscripted lookup calls', () => {
    expect(prefix(rhs('SUM(x[a, b!])'))).toBe('SUM(x[a,b!])')
    expect(shape(rhs('tbl[Region](t)'))).toEqual({
      t: 'call',
      fn: 'tbl',
      args: [{ t: 'ref', name: 't', subscripts: [] }],
      subscripts: [{ name: 'Region', bang: false }],
    })
    expect(shape(rhs('x[b !]'))).toEqual({ t: 'ref', name: 'x', subscripts: [{ name: 'b', bang: true }] })
    expect(prefix(rhs('x[1, 05]'))).toBe('x[1,05]')
  })

  it('reads names with spaces, $, apostrophes, unicode, and runs of blanks as one space', () => {
    const e = rhs("Cost in $ +  modeler's   choice - größe_à")
    expect(prefix(e)).toBe("(- (+ Cost in $ modeler's choice) größe_à)")
    expect(prefix(rhs('a\t \tb'))).toBe('a b')
  })

  it('reads quoted names with escaped quotes, without their quotes', () => {
    expect(shape(rhs('"a \\"b\\" c" + "x*y (z)"'))).toMatchObject({
      left: { t: 'ref', name: 'a "b" c' },
      right: { t: 'ref', name: 'x*y (z)' },
    })
  })

  it('reads WITH LOOKUP with its table, with and without a range', () => {
    const e = rhs('WITH LOOKUP(Time, ([(0,0)-(2,10),(1,5)],(0,1),(1,2),(2,-3)))')
    expect(shape(e)).toEqual({
      t: 'call',
      fn: 'WITH LOOKUP',
      args: [
        { t: 'ref', name: 'Time', subscripts: [] },
        { t: 'table', table: { range: { xmin: 0, ymin: 0, xmax: 2, ymax: 10 }, x: [0, 1, 2], y: [1, 2, -3] } },
      ],
    })
    expect(shape(rhs('WITH LOOKUP(t, ((-1,0),(1,1)))'))).toMatchObject({
      args: [{}, { t: 'table', table: { x: [-1, 1], y: [0, 1] } }],
    })
    // `((a))` and `((1) + 2)` are expressions, not tables.
    expect(prefix(rhs('((a))'))).toBe('a')
    expect(prefix(rhs('((1) + 2)'))).toBe('(+ 1 2)')
  })

  it('reads lists of numbers, rows split at ;', () => {
    expect(shape(rhs('1, 2, 3'))).toEqual({ t: 'numbers', rows: [[1, 2, 3]] })
    expect(shape(rhs('1,2,3;\n\t-4,5e2,.5;'))).toEqual({
      t: 'numbers',
      rows: [
        [1, 2, 3],
        [-4, 500, 0.5],
      ],
    })
  })

  it('reads TABBED ARRAY rows', () => {
    expect(shape(rhs('TABBED ARRAY(\n\t1\t2\t3\n\t4\t-5\t6e1)'))).toEqual({
      t: 'tabbed',
      rows: [
        [1, 2, 3],
        [4, -5, 60],
      ],
    })
  })

  it('joins lines wrapped with a backslash and tabs, inside names and numbers too', () => {
    // Vensim wraps with a backslash, a line break and two tabs, then goes on with the text as it was.
    expect(prefix(rhs('food per capita\\\n\t\t / indicated food\\\n\t\t per capita'))).toBe(
      '(/ food per capita indicated food per capita)',
    )
    expect(prefix(rhs('long\\\r\n\t\tname + 12\\\n\t\t34'))).toBe('(+ longname 1234)')
    expect(prefix(rhs('a \\\n    b'))).toBe('a b')
    expect(prefix(rhs('1e+\\\n\t\t006'))).toBe('1000000')
  })

  it('skips {comments} inside equations', () => {
    expect(prefix(rhs('a {the first} + {nested {one}} b'))).toBe('(+ a b)')
  })

  it('gives every node its position', () => {
    const e = rhs('a +\n  f(b)')
    expect(e.pos).toEqual({ line: 1, column: 5, offset: 4 })
    if (e.t !== 'binary' || e.right.t !== 'call') throw new Error('shape')
    expect(e.right.pos).toEqual({ line: 2, column: 3, offset: 10 })
    expect(e.right.args[0]!.pos).toEqual({ line: 2, column: 5, offset: 12 })
  })
})

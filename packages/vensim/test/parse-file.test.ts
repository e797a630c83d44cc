import { describe, expect, it } from 'vitest'
import { parseMdl } from '../src/index.js'
import { clean, shape, withoutPosition } from './parse-helpers.js'

const SKETCH =
  '\\\\\\---/// Sketch information - do not modify anything except names\n' +
  'V300  Do not put anything below this section\n' +
  '*View 1\n10,1,Stock,100,100,40,20,3,3,0,0,0,0,0,0\n' +
  '\\\\\\---/// Sketch information - do not modify anything except names\nV300\n*View 2\n' +
  '///---\\\\\\\n:L<%^E!@\n1:Current.vdf\n'

describe('parseMdl: the file', () => {
  it('reads bytes with a {UTF-8} header as UTF-8 and strips the header', () => {
    const file = parseMdl(new TextEncoder().encode('{UTF-8}\r\ngröße = 1 ~ € ~ Straße |'))
    expect(file.problems).toEqual([])
    const d = file.definitions[0]!
    expect(d.t === 'equation' && d.lhs.name).toBe('größe')
    expect(d.doc).toEqual({ units: '€', comment: 'Straße' })
    expect(d.pos).toEqual({ line: 2, column: 1, offset: 9 })
  })

  it('reads bytes without the header as Windows-1252', () => {
    // é is 0xE9 in Latin-1, € is 0x80 in Windows-1252.
    const bytes = Uint8Array.from(
      [...'caf', 0xe9, ...' = 1 ~ ', 0x80, ...' ~ |'].map((c) => (typeof c === 'number' ? c : c.charCodeAt(0))),
    )
    const file = parseMdl(bytes)
    expect(file.problems).toEqual([])
    expect(shape(file.definitions[0])).toMatchObject({ lhs: { name: 'café' }, doc: { units: '€' } })
  })

  it('skips a byte-order mark, and reads the header in a string too', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('x = 1 ~~|')])
    expect(parseMdl(bytes).definitions).toHaveLength(1)
    expect(clean('{UTF-8}\nx = 1 ~~|').definitions).toHaveLength(1)
  })

  it('counts lines after \\r\\n, \\n and a bare \\r', () => {
    const file = clean('a = 1 ~~|\r\nb = 2 ~~|\rc = 3 ~~|\nd = 4 ~~|')
    expect(file.definitions.map((d) => d.pos.line)).toEqual([1, 2, 3, 4])
  })

  it('keeps the sketch (every view) and the settings raw, with their lines', () => {
    const file = clean(`x = 1 ~~|\n\n${SKETCH}`)
    expect(file.sketch!.line).toBe(3)
    expect(file.sketch!.text.startsWith('\\\\\\---/// Sketch information')).toBe(true)
    expect(file.sketch!.text).toContain('*View 2')
    expect(file.sketch!.text).not.toContain('///---')
    expect(file.settings).toEqual({ text: ':L<%^E!@\n1:Current.vdf\n', line: 11 })
  })

  it('accepts a bare sketch marker line at the end, as hand-written files have', () => {
    const file = clean('x = 1 ~~|\n\\\\---/// Sketch information - this is where sketch stuff would go.')
    expect(file.sketch!.line).toBe(2)
    expect(file.settings).toBeUndefined()
  })

  it('reads macros with their own definitions, inputs and outputs', () => {
    const file = clean(
      ':MACRO: ADD3(a, b, c : minval, maxval)\nADD3 = a + b + c ~ dmnl ~ the sum |\n' +
        'minval = MIN(a, MIN(b, c)) ~~|\nmaxval = MAX(a, MAX(b, c)) ~~|\n:END OF MACRO:\n' +
        ':MACRO: ONE(x)\nONE = x ~~|\n:END OF MACRO:\n' +
        'total = ADD3(in1, in2, in3 : the min, the max) ~~|\n',
    )
    expect(file.definitions).toHaveLength(1)
    expect(file.macros.map((m) => [m.name, m.inputs, m.outputs, m.definitions.length, m.pos.line])).toEqual([
      ['ADD3', ['a', 'b', 'c'], ['minval', 'maxval'], 3, 1],
      ['ONE', ['x'], [], 1, 6],
    ])
  })

  it('gives every node a position', () => {
    const file = clean(
      ':MACRO: M(a : b)\nM = a ~~|\nb = -a ~~|\n:END OF MACRO:\n' +
        'R: (r1-r3), s -> (Q: q1, q2, q3, q4), P ~~|\nA <-> R ~~|\n' +
        "x[R] :EXCEPT: [r1] :INTERPOLATE: := GET DIRECT DATA('f.csv', ',', 'A', 'B') ~~|\n" +
        'y = WITH LOOKUP(t[R!], ([(0,0)-(1,1)],(0,0),(1,1))) + :NA: * (1 - M(2 : o)) ~~|\n' +
        'tbl((0,0),(1,1)) ~~|\nn[R] = 1, 2; 3, 4; ~~|\nc :THE CONDITION: x > 1 :IMPLIES: y < 2 ~~|\n' +
        'tab = TABBED ARRAY(1 2) ~~|\nd ~~|\n',
    )
    expect(withoutPosition(file)).toEqual([''])
  })

  it('records the file name it was given', () => {
    expect(parseMdl('x = 1 ~~|', 'model.mdl').file).toBe('model.mdl')
  })

  it('reports every problem of the file, each with its variable and place, and keeps the rest', () => {
    const file = parseMdl(
      [
        'good one = 1 ~~|',
        'a = (1 + ~~|',
        'b = 2 3 ~~|',
        'c = f(x, ) ~~|',
        'd = 1 ~ u [0, x] ~ bad range |',
        'e = 1 ~~|',
        '= 4 ~~|',
        'good two = 2 ~~|',
      ].join('\n'),
    )
    expect(file.problems.map((p) => [p.variable, p.pos.line, p.pos.column])).toEqual([
      ['a', 2, 10],
      ['b', 3, 7],
      ['c', 4, 10],
      ['d', 5, 11],
      [undefined, 7, 1],
    ])
    expect(file.problems[0]!.message).toBe('expected a number, a name or "(", found "~"')
    expect(file.problems[1]!.message).toBe(
      'expected "~" (units and comment) or "|" after the equation, found the number 3',
    )
    expect(file.problems[3]!.message).toContain('the units range [0, x]')
    // A bad range keeps its definition; the others are left out.
    expect(file.definitions.map((d) => d.t === 'equation' && d.lhs.name)).toEqual(['good one', 'd', 'e', 'good two'])
  })

  it('reports :END OF MACRO: without a macro, and a macro never ended', () => {
    const file = parseMdl(':END OF MACRO:\nx = 1 ~~|\n:MACRO: M(a)\nM = a ~~|\n')
    expect(file.problems.map((p) => [p.pos.line, p.message])).toEqual([
      [1, ':END OF MACRO: without a :MACRO:'],
      [3, 'macro "M" has no :END OF MACRO: - is the file cut short?'],
    ])
    expect(file.macros).toHaveLength(1)
  })
})

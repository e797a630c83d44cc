import { describe, expect, it } from 'vitest'
import { parseEquation } from '@stockflow/model'
import { ExpressionError, translateEquation } from '../src/index.js'

/** Translates, and checks that stockflow's own parser reads the result. */
function tr(text: string, options: Parameters<typeof translateEquation>[1] = {}): string {
  const out = translateEquation(text, options)
  parseEquation(out)
  return out
}

describe('translateEquation: XMILE syntax to stockflow equations', () => {
  it.each([
    ['IF a > b THEN 1 ELSE 0', '(a > b) ? 1 : 0'],
    ['if x then if y then 1 else 2 else 3', 'x ? (y ? 1 : 2) : 3'],
    ['If x Then 1 Else IF y THEN 2 ELSE 3', 'x ? 1 : (y ? 2 : 3)'],
    ['1 + IF a THEN 2 ELSE 3 + 4', '1 + (a ? 2 : 3 + 4)'],
    ['IF THEN ELSE(a, b, c)', 'a ? b : c'],
    ['IF(a, b, c)', 'a ? b : c'],
    ['IF (a) THEN b ELSE c', 'a ? b : c'],
  ])('conditional %s', (input, expected) => {
    expect(tr(input)).toBe(expected)
  })

  // IF followed by a call once read as one two-word function name ("IF MODULO"), failing at THEN.
  it.each([
    ['IF MODULO(Time, 5) = 0 THEN Time ELSE 0', '(modulo(Time, 5) == 0) ? Time : 0'],
    ['IF ABS(x) > 1 THEN 1 ELSE 0', '(abs(x) > 1) ? 1 : 0'],
    ['IF MIN(a, b) <= c THEN a ELSE b', '(min(a, b) <= c) ? a : b'],
    ['IF SMTH1(x, 2) <> x AND EXP(y) >= 1 THEN 1 ELSE 0', '(smth1(x, 2) != x and exp(y) >= 1) ? 1 : 0'],
    ['IF INT(TIME) = TIME THEN PULSE(1, 0) ELSE 0', '(int(TIME) == TIME) ? pulse(1, 0) : 0'],
    ['IF tbl(x) < 0.5 THEN 1 ELSE 0', '("tbl"(x) < 0.5) ? 1 : 0'],
    ['IF DELAY FIXED(x, 1, 0) > 2 THEN 1 ELSE 0', '(delay_fixed(x, 1, 0) > 2) ? 1 : 0'],
    ['IF NOT ABS(x) = 1 THEN 1 ELSE 0', '(not abs(x) == 1) ? 1 : 0'],
  ])('a condition that starts with a call: %s', (input, expected) => {
    expect(tr(input, { lookups: ['tbl'] })).toBe(expected)
  })

  it.each([
    ['a AND NOT b OR c', 'a and not b or c'],
    ['a and b or not c', 'a and b or not c'],
    ['a <> b', 'a != b'],
    ['a = b', 'a == b'],
    ['a == b', 'a == b'],
    ['a < b = c', '(a < b) == c'],
    ['(a > b) > c', '(a > b) > c'],
    ['not a = b', 'not a == b'],
  ])('logic and comparison %s', (input, expected) => {
    expect(tr(input)).toBe(expected)
  })

  it.each([
    ['-2^2', '-2 ^ 2'],
    ['2^-1', '2 ^ (-1)'],
    ['2^3^2', '2 ^ (3 ^ 2)'],
    ['(-2)^2', '(-2) ^ 2'],
    ['a - (b - c)', 'a - (b - c)'],
    ['(a - b) - c', 'a - b - c'],
    ['a + (b + c)', 'a + (b + c)'],
    ['x / (y * z)', 'x / (y * z)'],
    ['- -x', '-(-x)'],
    ['+x', '+x'],
  ])('arithmetic keeps XMILE grouping: %s', (input, expected) => {
    expect(tr(input)).toBe(expected)
  })

  it('reads numbers in every XMILE spelling', () => {
    expect(tr('1e-3 + .5 + 2. + 1E+2 + 007')).toBe('0.001 + 0.5 + 2 + 100 + 7')
  })

  it('reads names bare, quoted, with escapes, any case, with spaces or underscores', () => {
    expect(tr('"Room Temperature" - room_temperature')).toBe('Room_Temperature - room_temperature')
    expect(tr('"a \\"quoted\\" name" + 1')).toBe('"a \\"quoted\\" name" + 1')
    expect(tr('"Heat\\nLoss" * 2')).toBe('Heat_Loss * 2')
    expect(tr('"产能" * 2')).toBe('"产能" * 2')
    expect(tr('hares.area + 1')).toBe('"hares.area" + 1')
  })

  it('quotes names mathjs would read as operators or constants', () => {
    expect(tr('in + to + true')).toBe('"in" + "to" + "true"')
  })

  it('reads MOD as an operator between operands and as a name elsewhere', () => {
    expect(tr('x MOD 3')).toBe('mod(x, 3)')
    expect(tr('x mod 3 * 2')).toBe('mod(x, 3) * 2')
    expect(tr('mod')).toBe('"mod"')
    expect(tr('mod mod mod')).toBe('mod("mod", "mod")')
    expect(tr('MOD(x, 3)')).toBe('mod(x, 3)')
  })

  it('drops {comments}', () => {
    expect(tr('{comment} 5 {another one}')).toBe('5')
  })

  it('maps builtins to their stockflow names, multi-word names included', () => {
    expect(tr('SMTH1(x, 3) + DELAY FIXED(x, 2, 0) + Smooth3(x, 1)')).toBe(
      'smth1(x, 3) + delay_fixed(x, 2, 0) + smth3(x, 1)',
    )
    expect(tr('PULSE(1, 2) + STEP(1, 3) + RAMP(1, 2, 4)')).toBe('pulse(1, 2) + step(1, 3) + ramp(1, 2, 4)')
    expect(tr('Time * dt + STARTTIME')).toBe('Time * dt + STARTTIME')
    expect(tr('DELAY(x, 2)')).toBe('delay_fixed(x, 2)')
  })

  it('spells out MEAN and MIN/MAX of more than two values', () => {
    expect(tr('MEAN(1, 2, TIME)')).toBe('(1 + 2 + TIME) / 3')
    expect(tr('MIN(a, b, c)')).toBe('min(min(a, b), c)')
  })

  it('gives INT and MOD XMILE semantics by default and Vensim semantics in Vensim files', () => {
    expect(tr('INT(x) + x MOD 2 + MOD(x, 2)')).toBe('int(x) + mod(x, 2) + mod(x, 2)')
    expect(tr('INT(x) + x MOD 2 + MOD(x, 2)', { vensim: true })).toBe('integer(x) + modulo(x, 2) + modulo(x, 2)')
    expect(tr('INTEGER(x) + MODULO(x, 2)')).toBe('integer(x) + modulo(x, 2)')
  })

  it('calls graphical functions by name or through LOOKUP', () => {
    expect(tr('tbl(3) + LOOKUP(tbl, 4) + lookup("Tbl", 5)', { lookups: ['tbl'] })).toBe(
      '"tbl"(3) + "tbl"(4) + "tbl"(5)',
    )
    // A table named like a builtin is still the table.
    expect(tr('exp(1)', { lookups: ['exp'] })).toBe('"exp"(1)')
  })

  it.each([
    ['', 'empty'],
    ['a +', 'ends too early'],
    ['(a', 'expected )'],
    ['a b', 'unexpected "b"'],
    ['a # b', 'unexpected character "#"'],
    ['" open', 'not closed'],
    ['{ open', 'not closed'],
    [' ??? ', 'placeholder (???)'],
    ['x[1:2]', 'unsupported: subscript ranges'],
    ['x[i + 1]', 'unsupported: subscript expressions'],
    ["x'", 'unsupported: transposition'],
    ['SUM(x, 1)', 'SUM takes 1 argument, got 2'],
    ['MY MACRO(x)', 'unsupported: macros'],
    ['FROBNICATE(x)', 'unknown function FROBNICATE'],
    ['STEP(1)', 'STEP takes 2 arguments, got 1'],
    ['LOOKUP(nothing, 1)', 'LOOKUP takes the name of a graphical function'],
    ['1e999', 'out of range'],
  ])('refuses %j with a message (%s) and an offset', (input, message) => {
    let error: unknown
    try {
      translateEquation(input)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ExpressionError)
    expect((error as ExpressionError).message).toContain(message)
    expect((error as ExpressionError).offset).toBeGreaterThanOrEqual(0)
  })

  it('points at the offending character', () => {
    expect(() => translateEquation('a + # b')).toThrow(expect.objectContaining({ offset: 4 }))
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalId, parseEquation, printExpr } from '@stockflow/model'
import type { Expr } from '@stockflow/model'
import { mapExpr } from '../src/ast.js'
import { printExprParts } from '../src/print.js'
import { expr } from '../../../test/fuzz/arbitraries.js'

/** An AST without source positions, for comparing a parse with the tree it was printed from. */
function bare(e: Expr): unknown {
  return JSON.parse(JSON.stringify(e, (k, v: unknown) => (k === 'span' ? undefined : v)))
}

const roundTrip = (e: Expr) => parseEquation(printExpr(e))

// Names written bare, to keep the expected texts short (the default quotes every name).
const plain = (e: Expr) => printExpr(e, { name: (n) => n.name })

describe('printExpr', () => {
  it.each([
    // precedence and associativity
    ['a + b * c', 'a + b * c'],
    ['(a + b) * c', '(a + b) * c'],
    ['a - (b - c) - d', 'a - (b - c) - d'],
    ['a / (b * c) / d', 'a / (b * c) / d'],
    ['2 ^ 3 ^ 4', '2 ^ 3 ^ 4'],
    ['(2 ^ 3) ^ 4', '(2 ^ 3) ^ 4'],
    ['2 ^ -x', '2 ^ (-x)'],
    // unary minus
    ['-a ^ 2', '-a ^ 2'],
    ['(-a) ^ 2', '(-a) ^ 2'],
    ['-(a + b) * c', '-(a + b) * c'],
    ['a - -b', 'a - -b'],
    ['- -a', '-(-a)'],
    ['+a', '+a'],
    // comparisons never chain
    ['(a < b) == (c >= d)', '(a < b) == (c >= d)'],
    ['a + 1 != b', 'a + 1 != b'],
    // logic
    ['a == b and c != d or not e', 'a == b and c != d or not e'],
    ['a and (b or c)', 'a and (b or c)'],
    ['not (a and b)', 'not (a and b)'],
    ['not not a', 'not (not a)'],
    // conditionals
    ['a > b ? 1 : 2', 'a > b ? 1 : 2'],
    ['(a ? b : c) ? d : e', '(a ? b : c) ? d : e'],
    ['a ? (b ? c : d) : e', 'a ? (b ? c : d) : e'],
    ['a ? b : c ? d : e', 'a ? b : (c ? d : e)'],
    ['1 + (a ? b : c)', '1 + (a ? b : c)'],
    ['if(a > 1, 2, 3)', 'if_then_else(a > 1, 2, 3)'],
    // calls and lookups
    ['smooth(x, 3) + TIME + Pulse_Train(1, 2, 3, 4)', 'smth1(x, 3) + time + pulse_train(1, 2, 3, 4)'],
    ['a % b + MOD(c, d)', 'mod(a, b) + mod(c, d)'],
    ['max(a ? b : c, -d)', 'max(a ? b : c, -d)'],
    ['Effect(p / 2)', 'Effect(p / 2)'],
    // numbers
    ['1e-7 + 0.1 + 1e300 + 2.5e21', '1e-7 + 0.1 + 1e+300 + 2.5e+21'],
  ])('%s -> %s', (text, printed) => {
    const tree = parseEquation(text)
    expect(plain(tree)).toBe(printed)
    expect(bare(roundTrip(tree))).toEqual(bare(tree))
  })

  it.each([
    ['"Room Temperature" - Room_Temperature', '"Room Temperature" - "Room_Temperature"'],
    ['产能 * "地方 政府 债务"', '"产能" * "地方 政府 债务"'],
    ['"say \\"hi\\"" + "back\\\\slash"', '"say \\"hi\\"" + "back\\\\slash"'],
    ['"Effect of Price"(p / 2)', '"Effect of Price"("p" / 2)'],
  ])('quotes the name in %s', (text, printed) => {
    const tree = parseEquation(text)
    expect(printExpr(tree)).toBe(printed)
    expect(bare(roundTrip(tree))).toEqual(bare(tree))
  })

  it('writes a negative number in parentheses, and a number in any position reads back the same', () => {
    expect(printExpr({ type: 'num', value: -2 })).toBe('(-2)')
    fc.assert(
      fc.property(
        fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)),
        (value) => {
          const tree: Expr = { type: 'binary', op: '^', left: { type: 'num', value }, right: { type: 'num', value } }
          expect(bare(roundTrip(tree))).toEqual(bare(tree))
        },
      ),
      { seed: 3, numRuns: 500 },
    )
  })

  it('prints % as mod(a, b), which is what the parser reads a % b as', () => {
    const tree: Expr = { type: 'binary', op: '%', left: parseEquation('a + 1'), right: parseEquation('b') }
    expect(printExpr(tree)).toBe('mod("a" + 1, "b")')
    expect(printExpr(tree, { parens: 'all' })).toBe('mod(("a" + 1), "b")')
  })

  it('parenthesises every operator and conditional with parens: all', () => {
    const tree = parseEquation('a - b * -c ^ 2 + f("Effect"(x + 1), y ? 1 : 2)')
    expect(printExpr(tree, { parens: 'all' })).toBe(
      '(("a" - ("b" * (-("c" ^ 2)))) + f("Effect"(("x" + 1)), ("y" ? 1 : 2)))',
    )
    expect(bare(parseEquation(printExpr(tree, { parens: 'all' })))).toEqual(bare(tree))
  })

  it('writes names as the name option says', () => {
    const tree = parseEquation('"Room Temperature" + "Effect of Price"(x)')
    const underscored = printExpr(tree, { name: (n) => n.name.replace(/ /g, '_') })
    expect(underscored).toBe('Room_Temperature + Effect_of_Price(x)')
  })

  it('gives the name option tokens back as parts, between runs of text', () => {
    const tree = parseEquation('a * (b + 1) + L(a)')
    const parts = printExprParts(tree, { name: (n) => (n.id === 'a' ? { id: n.id } : n.name) })
    expect(parts).toEqual([{ id: 'a' }, ' * (b + 1) + L(', { id: 'a' }, ')'])
  })
})

// The fuzz arbitrary's trees, with the names it cannot give: quoted ones (spaces, Chinese, quotes and
// backslashes), lookups (from its sqrt, ln, exp and abs calls) and unary plus (from its minus before a name).
const NAMES = ['a', 'Room Temperature', '产能 总量', 'say "hi"', 'back\\slash']
const LOOKUPS: Readonly<Record<string, string>> = {
  sqrt: 'Effect of Price',
  ln: '价格 效应',
  exp: 'say "hi"',
  abs: 'back\\slash',
}
const tree = expr(NAMES).map((t) =>
  mapExpr(t, (n): Expr => {
    if (n.type === 'ref') return { ...n, id: canonicalId(n.name) }
    const lookup = n.type === 'call' ? LOOKUPS[n.fn] : undefined
    if (n.type === 'call' && lookup) return { type: 'lookup', name: lookup, id: canonicalId(lookup), arg: n.args[0]! }
    if (n.type === 'unary' && n.op === '-' && n.arg.type === 'ref') return { ...n, op: '+' }
    return n
  }),
)

describe('printExpr over random trees', () => {
  it('parses back to the same tree, with parentheses where needed and everywhere', () => {
    fc.assert(
      fc.property(tree, (t) => {
        expect(bare(parseEquation(printExpr(t)))).toEqual(bare(t))
        expect(bare(parseEquation(printExpr(t, { parens: 'all' })))).toEqual(bare(t))
      }),
      { seed: 5, numRuns: 1000 },
    )
  })

  it('prints no parentheses that could go but those kept for the reader', () => {
    // Each pair of parentheses printed, removed on its own, must change what the text parses to,
    // unless it holds a unary operator or a conditional (see PrintOptions.parens).
    fc.assert(
      fc.property(tree, (t) => {
        const text = printExpr(t)
        for (const [open, close] of pairs(text)) {
          const without = text.slice(0, open) + text.slice(open + 1, close) + text.slice(close + 1)
          const same = readsAs(without, t)
          const kept = /^(-|\+|not )/.test(text.slice(open + 1)) || text.slice(open, close).includes(' ? ')
          if (!kept) expect(same, `${text}: the parentheses at ${open} are redundant`).toBe(false)
        }
      }),
      { seed: 9, numRuns: 300 },
    )
  })
})

function readsAs(text: string, tree: Expr): boolean {
  try {
    return JSON.stringify(bare(parseEquation(text))) === JSON.stringify(bare(tree))
  } catch {
    return false
  }
}

/** Grouping parentheses in printed text: not a call's, not inside a quoted name. */
function pairs(text: string): [number, number][] {
  const out: [number, number][] = []
  const stack: (number | undefined)[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '\\') i++
      else if (c === '"') quoted = false
    } else if (c === '"') quoted = true
    else if (c === '(') stack.push(/[\p{L}\p{N}_"]/u.test(text[i - 1] ?? '') ? undefined : i)
    else if (c === ')') {
      const open = stack.pop()
      if (open !== undefined) out.push([open, i])
    }
  }
  return out
}

describe('printExpr: subscripts', () => {
  it.each([
    ['pop[north, young]', 'pop[north, young]'],
    ['pop[Region!, *] * 2', 'pop[Region!, *] * 2'],
    ['SUM(pop[ * ])', 'sum(pop[*])'],
    ['pop[2]', 'pop[2]'],
    ['"pop A"["New York", "x y"!]', 'pop A["New York", "x y"!]'],
    ['-tbl[north](x)', '-tbl[north](x)'],
  ])('%s prints as %s and reads back to the same tree', (text, printed) => {
    const e = parseEquation(text)
    expect(plain(e)).toBe(printed)
    expect(bare(roundTrip(e))).toEqual(bare(e))
  })
})

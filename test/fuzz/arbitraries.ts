import fc from 'fast-check'
import { aux, flow, model, param, stock } from '@stockflow/model'
import type { BinaryOp, Element, Expr, Model } from '@stockflow/model'

/** Numbers an equation may hold: ordinary, tiny, huge, zero (division by zero), negative. */
export const number = fc.oneof(
  fc.constantFrom(0, 1, 2, 0.5, 10, 1e-9, 1e9, 1e300),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -100, max: 100 }),
)

const BIN: readonly BinaryOp[] = ['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', 'and', 'or']
const MATH1 = ['abs', 'exp', 'ln', 'log10', 'sqrt', 'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan']
const MATH1B = ['sinh', 'cosh', 'tanh', 'int', 'integer', 'round']
const MATH2 = ['min', 'max', 'mod', 'modulo', 'safediv', 'log', 'step', 'pulse']
const CLOCK = ['time', 'dt', 'starttime', 'stoptime', 'pi']

/**
 * A random expression AST over `refs` (names of elements it may read). Stateful builtins get small
 * literal orders and delay times (huge ones are known bugs, see test/hostile/known-bugs.test.ts).
 */
export function expr(refs: readonly string[], depth = 4): fc.Arbitrary<Expr> {
  const leaf: fc.Arbitrary<Expr> = fc.oneof(
    number.map((value): Expr => ({ type: 'num', value: Math.abs(value) })),
    ...(refs.length ? [fc.constantFrom(...refs).map((name): Expr => ({ type: 'ref', name, id: name }))] : []),
    fc.constantFrom(...CLOCK).map((fn): Expr => ({ type: 'call', fn, args: [] })),
  )
  const { node } = fc.letrec<{ node: Expr }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', maxDepth: depth, withCrossShrink: true },
      leaf,
      fc.record({ op: fc.constantFrom('-' as const, 'not' as const), arg: tie('node') }).map((u): Expr => ({
        type: 'unary',
        ...u,
      })),
      fc
        .record({ op: fc.constantFrom(...BIN), left: tie('node'), right: tie('node') })
        .map((b): Expr => ({ type: 'binary', ...b })),
      fc.record({ cond: tie('node'), then: tie('node'), else: tie('node') }).map((c): Expr => ({ type: 'if', ...c })),
      fc
        .tuple(fc.constantFrom(...MATH1, ...MATH1B), tie('node'))
        .map(([fn, a]): Expr => ({ type: 'call', fn, args: [a] })),
      fc
        .tuple(fc.constantFrom(...MATH2), tie('node'), tie('node'))
        .map(([fn, a, b]): Expr => ({ type: 'call', fn, args: [a, b] })),
      fc
        .tuple(
          fc.constantFrom('smth1', 'smth3', 'delay1', 'delay3', 'trend', 'delay_fixed', 'npv'),
          tie('node'),
          fc.constantFrom(0.5, 1, 2, 3),
        )
        .map(([fn, a, t]): Expr => ({ type: 'call', fn, args: [a, { type: 'num', value: t }] })),
      fc
        .tuple(fc.constantFrom('smthn', 'delayn'), tie('node'), fc.constantFrom(1, 2, 3), fc.constantFrom(1, 2, 5))
        .map(([fn, a, t, n]): Expr => ({
          type: 'call',
          fn,
          args: [a, { type: 'num', value: t }, { type: 'num', value: n }],
        })),
      fc
        .tuple(fc.constantFrom('init', 'previous'), tie('node'))
        .map(([fn, a]): Expr => ({ type: 'call', fn, args: [a] })),
      fc
        .tuple(fc.constantFrom('ramp', 'pulse_train'), fc.array(tie('node'), { minLength: 4, maxLength: 4 }))
        .map(([fn, a]): Expr => ({ type: 'call', fn, args: fn === 'ramp' ? a.slice(0, 3) : a })),
    ),
  }))
  return node
}

/** Equation text for an AST, fully parenthesised. */
export function print(e: Expr): string {
  switch (e.type) {
    case 'num':
      return String(e.value)
    case 'ref':
      return e.name
    case 'unary':
      return e.op === 'not' ? `(not ${print(e.arg)})` : `(${e.op}${print(e.arg)})`
    case 'binary':
      return `(${print(e.left)} ${e.op} ${print(e.right)})`
    case 'if':
      return `(${print(e.cond)} ? ${print(e.then)} : ${print(e.else)})`
    case 'call':
      return e.args.length === 0 && ['time', 'dt', 'starttime', 'stoptime', 'pi'].includes(e.fn)
        ? e.fn
        : `${e.fn}(${e.args.map(print).join(', ')})`
    case 'lookup':
      return `${e.name}(${print(e.arg)})`
  }
}

/** Tokens of equation syntax, valid and not, glued at random into text. */
const TOKEN = fc.oneof(
  fc.constantFrom(
    '(',
    ')',
    ',',
    '+',
    '-',
    '*',
    '/',
    '^',
    '%',
    '<',
    '<=',
    '>',
    '>=',
    '==',
    '!=',
    '=',
    '?',
    ':',
    ';',
    '\n',
    'and',
    'or',
    'not',
    'if',
    'then',
    'else',
    'IF THEN ELSE',
    'a',
    'b',
    'Stock_A',
    '"Stock A"',
    '"',
    "'",
    '`',
    '[',
    ']',
    '{',
    '}',
    '.',
    'e',
    '1e',
    '1e999',
    '0x1F',
    'Infinity',
    'NaN',
    'true',
    'null',
    'undefined',
    'smth1',
    'smthn',
    'delay_fixed',
    'delayn',
    'step',
    'pulse',
    'ramp',
    'lookup',
    'graph',
    'time',
    'dt',
    'x',
    'constructor',
    '__proto__',
    'prototype',
    'toString',
    'process',
    'eval',
    'import',
    'require',
    '$',
    '${',
    '\\',
    '\u2028',
    '\u0000',
    '产能',
    '𝑥',
    ' ',
    '  ',
    'f(x) = x',
    '1:3',
    '#',
    '@',
    '!',
    '&',
    '|',
    '~',
  ),
  number.map(String),
  fc.string({ maxLength: 4 }),
)

/** Random equation text: mostly tokens of the language, sometimes arbitrary strings. */
export const equationText = fc.oneof(
  fc.array(TOKEN, { maxLength: 14 }).map((t) => t.join('')),
  fc.array(TOKEN, { maxLength: 14 }).map((t) => t.join(' ')),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
)

/** The fixed cast of a small model the random equations run in. */
export function castModel(equation: string, method: 'euler' | 'rk4' | 'adaptive' = 'euler'): Model {
  const a = stock('a', { initial: 1 })
  const b = stock('b', { initial: 'a * 2' })
  const elements: Element[] = [
    a,
    b,
    stock('Stock A', { initial: 3 }),
    param('p', 2),
    aux('x', { equation }),
    flow('fa', { to: a, rate: 'x' }),
    flow('fb', { from: b, rate: 'p * 0.1' }),
  ]
  return model('cast', { time: { start: 0, stop: 5, dt: 0.5, method }, elements } as never)
}

/** A random valid model: stocks, flows between them (or clouds), parameters and auxiliaries in order. */
export const validModel: fc.Arbitrary<{ model: Model; method: 'euler' | 'rk2' | 'rk4' | 'adaptive' }> = fc
  .record({
    stocks: fc.integer({ min: 1, max: 4 }),
    params: fc.array(number, { maxLength: 3 }),
    auxes: fc.integer({ min: 0, max: 4 }),
    flows: fc.integer({ min: 0, max: 4 }),
    seed: fc.integer(),
    method: fc.constantFrom('euler' as const, 'rk2' as const, 'rk4' as const, 'adaptive' as const),
    dt: fc.constantFrom(0.125, 0.25, 0.5, 1),
    stop: fc.integer({ min: 1, max: 20 }),
  })
  .chain((shape) => {
    const stockNames = Array.from({ length: shape.stocks }, (_, i) => `s${i}`)
    const paramNames = shape.params.map((_, i) => `p${i}`)
    const base = [...stockNames, ...paramNames]
    const auxNames = Array.from({ length: shape.auxes }, (_, i) => `x${i}`)
    const auxEqs = auxNames.map((_, i) => expr([...base, ...auxNames.slice(0, i)], 3))
    const flowEqs = Array.from({ length: shape.flows }, () =>
      fc.record({
        rate: expr([...base, ...auxNames], 3),
        from: fc.option(fc.constantFrom(...stockNames)),
        to: fc.option(fc.constantFrom(...stockNames)),
        nonNegative: fc.boolean(),
      }),
    )
    const inits = stockNames.map(() => expr(paramNames, 2))
    return fc
      .record({
        aux: fc.tuple(...auxEqs),
        flow: fc.tuple(...flowEqs),
        init: fc.tuple(...inits),
        nonNegative: fc.array(fc.boolean(), { minLength: shape.stocks, maxLength: shape.stocks }),
      })
      .map(({ aux: auxE, flow: flowE, init, nonNegative }) => {
        const elements: Element[] = []
        const stocks = stockNames.map((name, i) => {
          // A flow both into and out of one non-negative stock is a known bug (a false algebraic loop).
          const inflows = flowE.flatMap((f, j) => (f.to === name && f.from !== name ? [`f${j}`] : []))
          const outflows = flowE.flatMap((f, j) => (f.from === name ? [`f${j}`] : []))
          return {
            kind: 'stock' as const,
            name,
            id: name,
            initial: print(init[i]!),
            inflows,
            outflows,
            ...(nonNegative[i] ? { nonNegative: true } : {}),
          }
        })
        elements.push(...stocks)
        shape.params.forEach((v, i) => elements.push(param(`p${i}`, v)))
        auxE.forEach((e, i) => elements.push(aux(`x${i}`, { equation: print(e) })))
        flowE.forEach((f, j) =>
          elements.push({
            kind: 'flow',
            name: `f${j}`,
            id: `f${j}`,
            equation: print(f.rate),
            ...(f.nonNegative ? { nonNegative: true } : {}),
          }),
        )
        const m: Model = {
          name: 'random',
          time: { start: 0, stop: shape.stop, dt: shape.dt },
          elements,
        }
        return { model: m, method: shape.method }
      })
  })

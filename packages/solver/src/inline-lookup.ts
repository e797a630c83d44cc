import type { Table } from './lower.js'
import { literal } from './literals.js'

/**
 * Statements reading a graphical function in a kernel's loop, the result in `const t`: the
 * generated counterpart of runtime.ts's lookups, on the packed arrays `XS`, `YS` (tables.ts). A
 * call per lookup costs a kernel about 20 ns, as V8 stops inlining calls after the first few in a
 * function; inline, the segment remembered in `H` is checked in place and `segment` is called only
 * when x has left it. Same arithmetic as the runtime functions, so the same values.
 *
 * `o`, `n` and `h` are code for where the table's points start, how many there are, and its hint.
 */
export function inlineLookup(mode: Table['mode'], t: string, x: string, o: string, n: string, h: string): string {
  const [tx, to, te, th] = [`${t}x`, `${t}o`, `${t}e`, `${t}h`]
  const head = `const ${tx} = ${x}, ${to} = ${o}, ${te} = ${to} + ${n} - 1, ${th} = ${h}; let ${t};`
  // j: the segment holding x, its hint checked first as segment() checks it.
  const find = `j = ${to} + H[${th}]; if (!(j < ${te} && XS[j] <= ${tx} && ${tx} < XS[j + 1])) j = segment(XS, ${to}, ${n}, ${tx}, H, ${th});`
  const line = `YS[j] + ((YS[j + 1] - YS[j]) * (${tx} - XS[j])) / (XS[j + 1] - XS[j])`
  switch (mode) {
    case 'continuous':
      return `${head} if (${tx} <= XS[${to}]) ${t} = YS[${to}]; else if (${tx} >= XS[${te}]) ${t} = YS[${te}]; else { let ${find} ${t} = ${line}; }`
    case 'extrapolate':
      return `${head} if (${te} === ${to}) ${t} = YS[${to}]; else { let j; if (${tx} <= XS[${to}]) j = ${to}; else if (${tx} >= XS[${te}]) j = ${te} - 1; else { ${find} } ${t} = ${line}; }`
    case 'discrete':
      return `${head} if (${tx} < XS[${to}]) ${t} = YS[${to}]; else if (${tx} >= XS[${te}]) ${t} = YS[${te}]; else { let ${find} ${t} = YS[j]; }`
    case 'forward':
      return `${head} if (${tx} <= XS[${to}]) ${t} = YS[${to}]; else if (${tx} >= XS[${te}]) ${t} = YS[${te}]; else { let ${find} ${t} = XS[j] === ${tx} ? YS[j] : YS[j + 1]; }`
  }
}

/** Tables of at most this many points are read from literals (code grows with the points). */
export const MAX_LITERAL_POINTS = 32

/**
 * Statements reading a graphical function whose points are written into the code, the result in
 * `const t`: a tree of comparisons finds the segment (no loads, no hint), and each segment is
 * `y0 + (dy * (x - x0)) / dx` with dy and dx computed here, the very doubles runtime.ts computes, so the
 * same values. Undefined when the points do not fit (one, too many, or x not strictly increasing).
 *
 * The tree sends x to the right at x >= a point, so it ends in the segment with xs[i] <= x < xs[i + 1],
 * and a NaN in the first, as segment()'s bisection does.
 */
export function literalLookup(table: Table, t: string, x: string): string | undefined {
  const { x: xs, y: ys, mode } = table
  const n = xs.length
  // One point: left to inlineLookup, whose NaN cases read past the table.
  if (n < 2 || n > MAX_LITERAL_POINTS) return undefined
  for (let i = 1; i < n; i++) if (!(xs[i]! > xs[i - 1]!)) return undefined
  const X = (i: number) => literal(xs[i]!)
  const Y = (i: number) => literal(ys[i]!)
  const tx = `${t}x`
  const line = (i: number) =>
    `(${Y(i)} + (${literal(ys[i + 1]! - ys[i]!)} * (${tx} - ${X(i)})) / ${literal(xs[i + 1]! - xs[i]!)})`
  // The segment i in [a, b) holding x, by the value `at(i)` there.
  const tree = (a: number, b: number, at: (i: number) => string): string => {
    if (b - a === 1) return at(a)
    const m = (a + b) >> 1
    return `(${tx} >= ${X(m)} ? ${tree(m, b, at)} : ${tree(a, m, at)})`
  }
  const e = n - 1
  const head = `const ${tx} = ${x};`
  switch (mode) {
    case 'continuous':
      return `${head} const ${t} = ${tx} <= ${X(0)} ? ${Y(0)} : ${tx} >= ${X(e)} ? ${Y(e)} : ${tree(0, e, line)};`
    case 'extrapolate':
      return `${head} const ${t} = ${tx} <= ${X(0)} ? ${line(0)} : ${tx} >= ${X(e)} ? ${line(e - 1)} : ${tree(0, e, line)};`
    case 'discrete':
      return `${head} const ${t} = ${tx} < ${X(0)} ? ${Y(0)} : ${tx} >= ${X(e)} ? ${Y(e)} : ${tree(0, e, Y)};`
    case 'forward': {
      const at = (i: number) => `(${tx} === ${X(i)} ? ${Y(i)} : ${Y(i + 1)})`
      return `${head} const ${t} = ${tx} <= ${X(0)} ? ${Y(0)} : ${tx} >= ${X(e)} ? ${Y(e)} : ${tree(0, e, at)};`
    }
  }
}

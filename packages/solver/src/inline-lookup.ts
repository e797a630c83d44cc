import type { Table } from './lower.js'

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

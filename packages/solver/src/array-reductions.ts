/**
 * Reductions over the elements of an array, in their flat forms (`sum(a1, a2, ...)`, see the model
 * package's array-functions.ts) and over a run of slots of the state vector (`sumRange(v, base, n,
 * stride)`, which the code generator emits for long reductions instead of n terms). Each pair gives
 * the same bits: both fold left to right from the first element, as the inline code `(a + b + c)` does.
 */

/** Σ of the arguments, left to right (the inline code `(a + b + c)`). */
export function sum(...a: number[]): number {
  if (a.length === 0) return 0
  let acc = a[0]!
  for (let i = 1; i < a.length; i++) acc += a[i]!
  return acc
}

/** Π of the arguments, left to right. */
export function prod(...a: number[]): number {
  if (a.length === 0) return 1
  let acc = a[0]!
  for (let i = 1; i < a.length; i++) acc *= a[i]!
  return acc
}

/** The arithmetic mean: the sum divided by the count. */
export function mean(...a: number[]): number {
  return sum(...a) / a.length
}

/**
 * The population standard deviation (divided by n, not n - 1): an array is the whole population of
 * its elements, as XMILE's STDDEV and Stella read it. Two passes, for accuracy when the mean is large.
 */
export function stddev(...a: number[]): number {
  const m = mean(...a)
  let squares = 0
  for (const x of a) {
    const d = x - m
    squares += d * d
  }
  return Math.sqrt(squares / a.length)
}

/** SIZE and ELMCOUNT: flattening writes the count as a number, so this only answers the catalogue. */
export function size(...a: number[]): number {
  return a.length
}

/** A reduction over a slice of the state vector: `n` slots from `base`, `stride` apart. */
export type RangeReduction = (v: ArrayLike<number>, base: number, n: number, stride: number) => number

/** sum over v[base], v[base + stride], ... (n of them). */
export const sumRange: RangeReduction = (v, base, n, stride) => {
  if (n <= 0) return 0
  let acc = v[base]!
  for (let k = 1, i = base + stride; k < n; k++, i += stride) acc += v[i]!
  return acc
}

export const prodRange: RangeReduction = (v, base, n, stride) => {
  if (n <= 0) return 1
  let acc = v[base]!
  for (let k = 1, i = base + stride; k < n; k++, i += stride) acc *= v[i]!
  return acc
}

// Math.min folded pairwise equals Math.min of all (NaN wins, -0 below 0), the variadic call's value.
export const minRange: RangeReduction = (v, base, n, stride) => {
  let acc = Infinity
  for (let k = 0, i = base; k < n; k++, i += stride) acc = Math.min(acc, v[i]!)
  return acc
}

export const maxRange: RangeReduction = (v, base, n, stride) => {
  let acc = -Infinity
  for (let k = 0, i = base; k < n; k++, i += stride) acc = Math.max(acc, v[i]!)
  return acc
}

export const meanRange: RangeReduction = (v, base, n, stride) => sumRange(v, base, n, stride) / n

export const stddevRange: RangeReduction = (v, base, n, stride) => {
  const m = meanRange(v, base, n, stride)
  let squares = 0
  for (let k = 0, i = base; k < n; k++, i += stride) {
    const d = v[i]! - m
    squares += d * d
  }
  return Math.sqrt(squares / n)
}

/** The range reductions by the names generated JavaScript calls them. */
export const RANGE_HELPERS: Readonly<Record<string, RangeReduction>> = {
  sumRange,
  prodRange,
  minRange,
  maxRange,
  meanRange,
  stddevRange,
}

/**
 * The same reductions in asm.js over the module's heap view `V` of doubles, `base` an index into `V`
 * (`sumRange(base, n, stride)`, all ints): for a module that declares `V` before its helpers.
 */
export const ASM_RANGE_HELPERS = `function sumRange(base, n, stride) {
base = base | 0; n = n | 0; stride = stride | 0;
var acc = 0.0, k = 1;
if ((n | 0) <= 0) return 0.0;
acc = +V[base << 3 >> 3];
for (; (k | 0) < (n | 0); k = (k + 1) | 0) { base = (base + stride) | 0; acc = acc + +V[base << 3 >> 3]; }
return +acc;
}
function prodRange(base, n, stride) {
base = base | 0; n = n | 0; stride = stride | 0;
var acc = 1.0, k = 1;
if ((n | 0) <= 0) return 1.0;
acc = +V[base << 3 >> 3];
for (; (k | 0) < (n | 0); k = (k + 1) | 0) { base = (base + stride) | 0; acc = acc * +V[base << 3 >> 3]; }
return +acc;
}
function minRange(base, n, stride) {
base = base | 0; n = n | 0; stride = stride | 0;
var acc = 0.0, k = 0;
acc = inf;
for (; (k | 0) < (n | 0); k = (k + 1) | 0) { acc = +min(acc, +V[base << 3 >> 3]); base = (base + stride) | 0; }
return +acc;
}
function maxRange(base, n, stride) {
base = base | 0; n = n | 0; stride = stride | 0;
var acc = 0.0, k = 0;
acc = -inf;
for (; (k | 0) < (n | 0); k = (k + 1) | 0) { acc = +max(acc, +V[base << 3 >> 3]); base = (base + stride) | 0; }
return +acc;
}
function meanRange(base, n, stride) {
base = base | 0; n = n | 0; stride = stride | 0;
return +(+sumRange(base, n, stride) / +(n | 0));
}
function stddevRange(base, n, stride) {
base = base | 0; n = n | 0; stride = stride | 0;
var m = 0.0, d = 0.0, squares = 0.0, k = 0;
m = +meanRange(base, n, stride);
for (; (k | 0) < (n | 0); k = (k + 1) | 0) { d = +V[base << 3 >> 3] - m; squares = squares + d * d; base = (base + stride) | 0; }
return +sqrt(squares / +(n | 0));
}`

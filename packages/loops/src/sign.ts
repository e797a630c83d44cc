/**
 * A sign in the monotonicity algebra: `+` is "at least zero", `-` "at most zero", `0` "exactly zero"
 * and `?` "unknown". Used both for values and for partial derivatives.
 */
export type Sign = '+' | '-' | '0' | '?'

/** The sign of a number (NaN is unknown). */
export function signOf(x: number): Sign {
  return x > 0 ? '+' : x < 0 ? '-' : x === 0 ? '0' : '?'
}

/** The sign of a sum. */
export function addSigns(a: Sign, b: Sign): Sign {
  if (a === '0') return b
  if (b === '0') return a
  return a === b ? a : '?'
}

/** The sign of a negated quantity. */
export function negSign(a: Sign): Sign {
  return a === '+' ? '-' : a === '-' ? '+' : a
}

/** The sign of a product; zero times anything (even unknown) is zero. */
export function mulSigns(a: Sign, b: Sign): Sign {
  if (a === '0' || b === '0') return '0'
  if (a === '?' || b === '?') return '?'
  return a === b ? '+' : '-'
}

/**
 * The sign shared by every value in a range (a variable's values along a run). A variable that stays
 * at zero is taken as `+` (at least zero), not `0`: its links are inactive in this run, not absent.
 */
export function signOfRange(min: number, max: number): Sign {
  if (Number.isNaN(min) || Number.isNaN(max)) return '?'
  if (min >= 0) return '+'
  if (max <= 0) return '-'
  return '?'
}

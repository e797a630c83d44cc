/** Numbers as each target writes them, so that the code reads back the same double. */

/** A number as a JavaScript literal. */
export function literal(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Infinity) return 'Infinity'
  if (v === -Infinity) return '(-Infinity)'
  if (Object.is(v, -0)) return '(-0)'
  return v < 0 ? `(${String(v)})` : String(v)
}

/**
 * A double literal as asm.js reads one: it needs a decimal point, or an exponent with a point
 * (`nan` and `inf` are the module's imports of NaN and Infinity).
 */
export function asmLiteral(v: number): string {
  if (Number.isNaN(v)) return 'nan'
  if (v === Infinity) return 'inf'
  if (v === -Infinity) return '(-inf)'
  if (Object.is(v, -0)) return '(-0.0)'
  let s = String(Math.abs(v))
  if (!s.includes('.')) s = s.includes('e') ? s.replace('e', '.0e') : `${s}.0`
  return v < 0 ? `(-${s})` : s
}

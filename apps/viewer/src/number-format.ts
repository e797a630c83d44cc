import { format } from 'd3'

/** Below this (and above zero) or at least `EXP_HIGH`, numbers are written with an exponent. */
const EXP_LOW = 1e-4
const EXP_HIGH = 1e15

/**
 * A number for people: thousands separators from five digits on (`1,000,000`, `12,346`, but `2025`),
 * `digits` significant digits (a whole number keeps all its digits), `0.0123`, an exponent only for
 * the very small or large (`1e-7`).
 */
export function formatNumber(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '∞' : '−∞'
  const a = Math.abs(x)
  if (a === 0) return '0'
  if (a < EXP_LOW || a >= EXP_HIGH) return format(`.${digits}~e`)(x)
  const text = a >= 10 ** digits ? format(',.0f')(x) : format(`,.${digits}~r`)(x)
  // Four digits stand without a separator, as style guides allow: a year reads 2025, not 2,025.
  return /^[−-]?\d,\d{3}(\.|$)/.test(text) ? text.replace(',', '') : text
}

/** A decimal number; commas only between groups of three digits before the point. */
const NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d*)?(e[+-]?\d+)?$/i

/**
 * Reads a number as people type it: `1,000,000`, `1 000`, `1e6`, `−5` (the minus `formatNumber`
 * writes); NaN for anything else (empty text, `1,5`, `0x10`).
 */
export function parseNumber(text: string): number {
  const t = text.replace(/[\s_]+/g, '').replace(/\u2212/g, '-')
  if (!NUMBER.test(t) || !/\d/.test(t.split(/e/i)[0]!)) return NaN
  return Number(t.replace(/,/g, ''))
}

import { describe, expect, it } from 'vitest'
import { formatNumber, parseNumber } from '../src/number-format.ts'

describe('formatNumber', () => {
  it('writes thousands separators and keeps whole numbers whole', () => {
    expect(formatNumber(1e6)).toBe('1,000,000')
    expect(formatNumber(1234567.8)).toBe('1,234,568')
    expect(formatNumber(12345.6)).toBe('12,346')
    expect(formatNumber(-25000)).toBe('−25,000')
  })

  it('leaves four-digit numbers, years among them, without a separator', () => {
    expect(formatNumber(2025)).toBe('2025')
    expect(formatNumber(1234.5)).toBe('1235')
    expect(formatNumber(-9999)).toBe('−9999')
    expect(formatNumber(1234.5, 6)).toBe('1234.5')
    expect(formatNumber(10000)).toBe('10,000')
  })

  it('keeps significant digits of small numbers, and an exponent only at the extremes', () => {
    expect(formatNumber(0.0123)).toBe('0.0123')
    expect(formatNumber(0.1 + 0.2)).toBe('0.3')
    expect(formatNumber(123.456)).toBe('123.5')
    expect(formatNumber(123.456, 6)).toBe('123.456')
    expect(formatNumber(1e-7)).toBe('1e-7')
    expect(formatNumber(2.5e21)).toBe('2.5e+21')
    expect(formatNumber(0)).toBe('0')
    expect(formatNumber(-0)).toBe('0')
    expect(formatNumber(NaN)).toBe('NaN')
    expect(formatNumber(-Infinity)).toBe('−∞')
  })
})

describe('parseNumber', () => {
  it('reads what people type and what formatNumber writes', () => {
    expect(parseNumber('1,000,000')).toBe(1e6)
    expect(parseNumber('1e6')).toBe(1e6)
    expect(parseNumber('1 000')).toBe(1000)
    expect(parseNumber(' -0.5 ')).toBe(-0.5)
    expect(parseNumber('.5')).toBe(0.5)
    expect(parseNumber('2.')).toBe(2)
    for (const x of [1e6, -25000, 0.0123, 1e-7, 2.5e21, 123456.789, -3.25])
      expect(parseNumber(formatNumber(x, 12))).toBe(x)
  })

  it('refuses anything else', () => {
    for (const text of ['', ' ', '1,5', '12,34,567', '0x10', 'Infinity', 'abc', '1e', '-', '.', 'e5', '1..2'])
      expect(parseNumber(text), text).toBeNaN()
  })
})

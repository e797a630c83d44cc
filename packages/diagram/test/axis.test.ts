import { scaleLinear } from 'd3-scale'
import { describe, expect, it } from 'vitest'
import { compactNumber, renderAxisLeft, valueTickLabels } from '../src/axis.ts'

describe('value axis labels', () => {
  it('writes thousands separators when they fit the margin', () => {
    const y = scaleLinear().domain([0, 2_000_000]).range([100, 0])
    expect(valueTickLabels(y, 5, 53)).toEqual(['0', '500,000', '1,000,000', '1,500,000', '2,000,000'])
    const svg = renderAxisLeft(y, { x: 58, y: 0, width: 200, height: 100 })
    expect(svg).toContain('>1,500,000</text>')
  })

  it('switches to a compact form rather than cut a label off', () => {
    const y = scaleLinear().domain([0, 4e9]).range([100, 0])
    expect(valueTickLabels(y, 5, 53)).toEqual(['0', '1B', '2B', '3B', '4B'])
    expect(valueTickLabels(y, 5, 500)[1]).toBe('1,000,000,000')
  })

  it('keeps small and negative values readable', () => {
    const y = scaleLinear().domain([-0.002, 0.002]).range([100, 0])
    expect(valueTickLabels(y, 4, 53)).toEqual(['−0.002', '−0.001', '0.000', '0.001', '0.002'])
    expect(compactNumber(-25_000)).toBe('−25k')
    expect(compactNumber(1234)).toBe('1.23k')
    expect(compactNumber(0.5)).toBe('0.5')
    expect(compactNumber(3e12)).toBe('3T')
  })
})

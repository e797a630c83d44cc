import { describe, expect, it } from 'vitest'
import { MAX_SPARK_LINES, sparkline, sparklineSvg } from '../src/sparkline.ts'

describe('sparklines', () => {
  it('draws series on one scale, the largest at the top', () => {
    const line = sparkline(
      [
        [0, 5, 10],
        [10, 10, 10],
      ],
      20,
      10,
      0,
    )
    expect(line.min).toBe(0)
    expect(line.max).toBe(10)
    expect(line.paths).toEqual(['M0,10L10,5L20,0', 'M0,0L10,0L20,0'])
  })

  it('draws a flat series mid-height, breaks at NaN, and nothing for no values', () => {
    expect(sparkline([[3, 3]], 10, 10, 0).paths).toEqual(['M0,5L10,5'])
    expect(sparkline([[0, NaN, 1, 2]], 30, 10, 0).paths[0]).toBe('M0,10M20,5L30,0')
    expect(sparkline([[NaN]]).paths).toEqual([''])
    expect(sparkline([]).paths).toEqual([])
  })

  it('keeps spikes of long series and draws many series as their envelope', () => {
    const long = new Float64Array(10_000)
    long[4321] = 1
    const line = sparkline([long], 100, 20, 0)
    expect(line.paths[0]).toContain(',0') // the spike reaches the top
    expect(line.paths[0]!.split(/[ML]/).length).toBeLessThan(500)
    const many = Array.from({ length: MAX_SPARK_LINES + 1 }, (_, i) => [i, i + 1])
    expect(sparkline(many).paths).toHaveLength(2)
  })

  it('makes markup of numbers only', () => {
    const svg = sparklineSvg(sparkline([[1, 2, 3]]))
    expect(svg).toMatch(/^<svg [^<]*><path d="[ML\d.,-]+" [^<]*\/><\/svg>$/)
  })
})

import { describe, expect, it } from 'vitest'
import { svgSize } from '../src/export.ts'

describe('PNG export size', () => {
  it("reads the SVG's width and height, else its viewBox", () => {
    expect(svgSize('<svg xmlns="x" width="300.5" height="99" viewBox="0 0 1 1">')).toEqual({ width: 300.5, height: 99 })
    expect(svgSize('<svg viewBox="0 0 640 480" width="100%">')).toEqual({ width: 640, height: 480 })
    expect(svgSize('<svg>')).toEqual({ width: 800, height: 600 })
  })
})

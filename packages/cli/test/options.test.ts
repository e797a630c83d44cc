import { describe, expect, it } from 'vitest'
import { list } from '../src/options.js'

describe('list', () => {
  it('splits at commas, trims, drops blanks', () => {
    expect(list(' A , B,,C ')).toEqual(['A', 'B', 'C'])
    expect(list(undefined)).toBeUndefined()
  })

  it("keeps the commas of an element's name: they sit inside brackets", () => {
    expect(list('Population[north],x[north, young],y')).toEqual(['Population[north]', 'x[north, young]', 'y'])
    expect(list('a[b,c]],d')).toEqual(['a[b,c]]', 'd'])
  })
})

import { describe, expect, it } from 'vitest'
import { DETAIL_PX, MIN_LABEL_PX, lodClasses } from '../src/readable-labels.ts'
import { findVariable } from '../src/search-box.ts'

describe('lodClasses', () => {
  const nominal = { stock: 11, other: 11 }

  it('draws readable copies below 10 px on screen and hides other names below 7 px', () => {
    expect(lodClasses(1, nominal)).toEqual({ enlarge: false, detailHidden: false })
    expect(lodClasses(0.8, nominal)).toEqual({ enlarge: true, detailHidden: false })
    expect(lodClasses(0.3, nominal)).toEqual({ enlarge: true, detailHidden: true })
    expect(lodClasses(MIN_LABEL_PX / 11, nominal).enlarge).toBe(false)
    expect(lodClasses(DETAIL_PX / 11 - 1e-9, nominal).detailHidden).toBe(true)
  })

  it('reads each size from its own nominal', () => {
    expect(lodClasses(0.85, { stock: 12, other: 9 })).toEqual({ enlarge: false, detailHidden: false })
    expect(lodClasses(0.85, { stock: 11, other: 9 })).toEqual({ enlarge: true, detailHidden: false })
  })
})

describe('findVariable', () => {
  const entries = [
    { name: 'Price', id: 'price' },
    { name: 'Price Change', id: 'price_change' },
    { name: 'Indicated Price', id: 'indicated_price' },
    { name: 'Zombie Share', id: 'zombie_share' },
  ]

  it('prefers the exact name or id, then a name starting with the query, then one containing it', () => {
    expect(findVariable(entries, 'price')?.id).toBe('price')
    expect(findVariable(entries, ' PRICE ')?.id).toBe('price')
    expect(findVariable(entries, 'price_change')?.id).toBe('price_change')
    expect(findVariable(entries, 'Price ch')?.id).toBe('price_change')
    expect(findVariable(entries, 'indicated')?.id).toBe('indicated_price')
    expect(findVariable(entries, 'share')?.id).toBe('zombie_share')
  })

  it('finds nothing for an empty or unmatched query', () => {
    expect(findVariable(entries, '')).toBeUndefined()
    expect(findVariable(entries, '  ')).toBeUndefined()
    expect(findVariable(entries, 'inflation')).toBeUndefined()
  })
})

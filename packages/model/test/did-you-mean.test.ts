import { describe, expect, it } from 'vitest'
import { closestName, closestNames, didYouMean, suggestion } from '@stockflow/model/internal'

// The one did-you-mean every "no such name" message uses: names compared by canonical id, a swap of
// two letters one edit, the closest name and a second only when it is exactly as close.

describe('closestNames', () => {
  const teacup = ['Teacup Temperature', 'Room Temperature', 'Characteristic Time', 'Heat Loss to Room']

  it('finds a misspelt name whatever its case, spaces or underscores', () => {
    expect(closestNames('Teacup Temprature', teacup)).toEqual(['Teacup Temperature'])
    expect(closestNames('room_TEMPERATUR', teacup)).toEqual(['Room Temperature'])
    expect(closestNames('characteristic  time', teacup)).toEqual(['Characteristic Time'])
  })

  it('counts two swapped letters as one edit', () => {
    // Plain Levenshtein makes "Rtae" two edits from both; with swaps Rate is one.
    expect(closestNames('Rtae', ['Rat', 'Rate'])).toEqual(['Rate'])
    expect(closestNames('Taecup Tmeperature', teacup)).toEqual(['Teacup Temperature'])
  })

  it('gives a second name only when it is exactly as close, never more than two', () => {
    expect(closestNames('est', ['north', 'east', 'west', 'south'])).toEqual(['east', 'west'])
    expect(closestNames('bat', ['cat', 'hat', 'rat', 'bit'])).toHaveLength(2)
    expect(closestNames('bat', ['cat', 'hat', 'rat'], 1)).toEqual(['cat'])
    expect(closestNames('nrth', ['north', 'south', 'east'])).toEqual(['north'])
  })

  it('finds nothing when too much would have to change', () => {
    expect(closestNames('Temperature', teacup)).toEqual([])
    expect(closestNames('xyz', teacup)).toEqual([])
    expect(closestNames('ab', ['xy'])).toEqual([])
    expect(closestNames('anything', [])).toEqual([])
  })

  it('lists a name once when candidates repeat it in another spelling', () => {
    expect(closestNames('Growht', ['Growth', 'growth', 'GROWTH'])).toEqual(['Growth'])
  })

  it('searches 100k names in one pass', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `Population[R${i}]`)
    expect(closestNames('Population[R9999x]', names)).toEqual(['Population[R9999]', 'Population[R99990]'])
  })
})

describe('the sentences', () => {
  it('closestName is the first of closestNames', () => {
    expect(closestName('Teacup Temprature', ['Teacup Temperature'])).toBe('Teacup Temperature')
    expect(closestName('nothing like it', ['Teacup Temperature'])).toBeUndefined()
  })

  it('didYouMean and suggestion: one name, two joined by or, nothing for none', () => {
    expect(didYouMean('est', ['east', 'west'])).toBe('; did you mean "east" or "west"?')
    expect(didYouMean('eas', ['east', 'north'])).toBe('; did you mean "east"?')
    expect(didYouMean('zzzz', ['east'])).toBe('')
    expect(suggestion([])).toBe('')
    expect(suggestion(['A'])).toBe('; did you mean "A"?')
  })
})

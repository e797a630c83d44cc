import { describe, expect, it } from 'vitest'
import { arraysAmong, meaningOf } from '@stockflow/solver/internal'

// What meaningOf suggests for a name that means nothing: the closest variables, and for an element
// the closest elements, compared by their subscripts.

const names = [
  'Pop[north]',
  'Pop[south]',
  'Pop[east]',
  'Pop[west]',
  'Cohort[north,young]',
  'Cohort[north,old]',
  'Cohort[south,young]',
  'Cohort[south,old]',
  'Travel Share',
  'Recovery Duration',
]
const arrays = arraysAmong(names.map((name) => ({ name })))
const ids = new Set(names.map((n) => n.toLowerCase().replace(/\s+/g, '_')))
const dims = new Map([['coast', new Set(['east', 'west'])]])

function detail(name: string): string {
  const m = meaningOf(
    name,
    (id) => ids.has(id),
    () => arrays,
    () => names,
    () => dims,
  )
  if (m.ok) throw new Error(`${name} means ${m.ids.join(', ')}`)
  return m.detail
}

describe('meaningOf: did-you-mean', () => {
  it('a misspelt element: the closest element, or two as close', () => {
    expect(detail('Pop[nrth]')).toBe('Pop has no element [nrth]; did you mean "Pop[north]"?')
    expect(detail('Pop[est]')).toBe('Pop has no element [est]; did you mean "Pop[east]" or "Pop[west]"?')
    expect(detail('Cohort[north,yung]')).toBe('Cohort has no element [north,yung]; did you mean "Cohort[north,young]"?')
  })

  it('a misspelt variable with a misspelt element: both mended', () => {
    expect(detail('Popp[nrth]')).toBe('; did you mean "Pop[north]"?')
    expect(detail('Popp[north]')).toBe('; did you mean "Pop[north]"?')
  })

  it('a misspelt variable with *, a subrange or a dimension keeps them', () => {
    expect(detail('Popp[*]')).toBe('; did you mean "Pop[*]"?')
    expect(detail('Popp[Coast]')).toBe('; did you mean "Pop[Coast]"?')
  })

  it('a misspelt plain name, or nothing close', () => {
    expect(detail('Travle Share')).toBe('; did you mean "Travel Share"?')
    expect(detail('Popp')).toBe('; did you mean "Pop"?')
    expect(detail('Something Else Entirely')).toBe('')
    expect(detail('Pop[zzzzzz]')).toBe(
      'Pop has no element [zzzzzz]; its elements: Pop[north], Pop[south], Pop[east], Pop[west]',
    )
  })
})

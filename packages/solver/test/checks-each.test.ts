import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dimension, modelFromData } from '@stockflow/model'
import { describe, expect, it } from 'vitest'
import { check, checkEach, defineChecks, runChecks } from '@stockflow/solver'
import type { CheckDimension } from '@stockflow/solver'

// Checks that hold for every element of a dimension (or every combination of several): each element
// is verified on its own, and a failure names the elements that failed with each one's detail.

const Region = { name: 'Region', elements: ['north', 'south', 'east'] } as const
const Age = { name: 'Age', elements: ['young', 'old'] } as const

const towns = modelFromData({
  name: 'towns',
  time: { start: 0, stop: 10, dt: 1 },
  dimensions: [
    { name: 'Region', elements: [...Region.elements] },
    { name: 'Age', elements: [...Age.elements] },
  ],
  elements: [
    {
      kind: 'param',
      name: 'Rate',
      id: 'rate',
      dimensions: ['Region'],
      value: 0.1,
      perElement: [{ subscripts: ['east'], equation: '-0.05' }],
    },
    {
      kind: 'stock',
      name: 'Pop',
      id: 'pop',
      dimensions: ['Region', 'Age'],
      initial: '100',
      inflows: ['growth'],
      outflows: [],
    },
    {
      kind: 'flow',
      name: 'Growth',
      id: 'growth',
      dimensions: ['Region', 'Age'],
      equation: 'Pop[Region, Age] * Rate[Region]',
    },
  ],
  scenarios: [{ id: 'decline', set: { 'Rate[*]': -0.1 } }],
})

const results = (checks: Parameters<typeof defineChecks>[1]) => runChecks(defineChecks(towns, checks))

describe('checkEach', () => {
  it('passes when every element passes, and says over what', () => {
    const [r] = results([
      checkEach('young people stay', Region, ({ scenario }, region) =>
        scenario().series(`Pop[${region}, young]`).isAbove(50),
      ),
    ])
    expect(r).toMatchObject({ pass: true, detail: 'holds for all 3 of Region: north, south, east' })
    expect(r!.elements!.map((e) => [e.element, e.pass])).toEqual([
      ['north', true],
      ['south', true],
      ['east', true],
    ])
  })

  it('fails naming the failing elements, each with its own detail', () => {
    const [r] = results([
      checkEach('every region grows', Region, ({ scenario }, region) =>
        scenario().series(`Pop[${region},old]`).rises(),
      ),
    ])
    expect(r!.pass).toBe(false)
    expect(r!.detail).toBe('fails for east (1 of 3 of Region): east: Pop[east,old] in the model falls at 1: 100 -> 95')
    expect(r!.elements!.filter((e) => !e.pass).map((e) => e.element)).toEqual(['east'])

    const [decline] = results([
      checkEach('grows in decline too', Region, ({ scenario }, region) => [
        scenario('decline').series(`Pop[${region},young]`).last().isAbove(0),
        scenario('decline').series(`Pop[${region},young]`).rises(),
      ]),
    ])
    expect(decline!.detail).toMatch(
      /^fails for north, south, east \(3 of 3 of Region\): north: Pop\[north,young\] in decline falls at 1: 100 -> 90; south: /,
    )
  })

  it('ranges over every combination of several dimensions, the last fastest', () => {
    const seen: string[] = []
    const [r] = results([
      checkEach('each town and age', [Region, Age], ({ scenario }, region, age) => {
        seen.push(`${region}/${age}`)
        return scenario().series(`Pop[${region},${age}]`).last().isAtLeast(50)
      }),
    ])
    expect(seen).toEqual(['north/young', 'north/old', 'south/young', 'south/old', 'east/young', 'east/old'])
    expect(r!.pass).toBe(true)
    expect(r!.elements!.map((e) => e.element)).toEqual([
      'north,young',
      'north,old',
      'south,young',
      'south,old',
      'east,young',
      'east,old',
    ])
    expect(r!.detail).toMatch(/^holds for all 6 of Region × Age: north,young, /)
  })

  it('fails an element whose verify throws with the message, the others still checked', () => {
    const Places: CheckDimension = { name: 'Places', elements: ['north', 'west'] }
    const [r] = results([
      checkEach('known places', Places, ({ scenario }, place) => scenario().series(`Pop[${place},old]`).isAbove(0)),
    ])
    expect(r!.pass).toBe(false)
    expect(r!.elements!.map((e) => e.pass)).toEqual([true, false])
    expect(r!.detail).toMatch(
      /^fails for west \(1 of 2 of Places\): west: error: "Pop\[west,old\]": .*Pop has no element \[west,old\]; did you mean/,
    )
  })

  it('reads elements in expressions', () => {
    const [r] = results([
      checkEach('old and young alike', Region, ({ scenario }, region) =>
        scenario().series(`Pop[${region}, young] - Pop[${region}, old]`).isBetween(0, 0),
      ),
    ])
    expect(r!.pass).toBe(true)
    const [star] = results([check('a star', ({ scenario }) => scenario().series('Pop[north,*] + 1').isAbove(0))])
    expect(star!.detail).toBe(
      'error: "Pop[north,*] + 1": name each element of Pop in a check expression, as Pop[north]',
    )
  })

  it('reads a name with spaces and subscripts as a name first: a did-you-mean, or what a whole array holds', () => {
    const shares = modelFromData({
      name: 'shares',
      time: { start: 0, stop: 2, dt: 1 },
      dimensions: [{ name: 'Region', elements: [...Region.elements] }],
      elements: [{ kind: 'param', name: 'Old Share', id: 'old_share', dimensions: ['Region'], value: 0.25 }],
    })
    const detail = (text: string) =>
      runChecks(defineChecks(shares, [check(text, ({ scenario }) => scenario().series(text).isAbove(0))]))[0]!.detail
    expect(detail('Old Share[north]')).toMatch(/^min of Old Share\[north\] in the model .* = 0\.25 > 0$/)
    expect(detail(' old share [ north ] ')).toMatch(/= 0\.25 > 0$/)
    const misspelt = /Old Share has no element \[nort\]; did you mean "Old Share\[north\]"\?$/
    expect(detail('Old Share[nort]')).toMatch(/^error: "Old Share\[nort\]": /)
    expect(detail('Old Share[nort]')).toMatch(misspelt)
    expect(detail('Old_Share[nort]')).toMatch(misspelt)
    const whole =
      'Old Share is an array (Old Share[north], Old Share[south], Old Share[east]); name one element, as Old Share[north], or use checkEach over its dimension'
    expect(detail('Old_Share')).toBe(`error: "Old_Share": ${whole}`)
    expect(detail('Old Share')).toBe(`error: "Old Share": ${whole}`)
    expect(detail('Old_Share * 2')).toBe(`error: "Old_Share * 2": ${whole}`)
    expect(detail('Old Share[*]')).toBe(
      'error: "Old Share[*]": names 3 elements of Old Share (Old Share[north], Old Share[south], Old Share[east]); name one element, as Old Share[north], or use checkEach over its dimension',
    )
    // Anything else is still an expression, with the parser's word on it.
    expect(detail('Old Share[north] * 2')).toMatch(/^error: "Old Share\[north\] \* 2" is neither an output/)
    expect(detail('Old_Share[north] * 4')).toMatch(/= 1 > 0$/)
    expect(detail('"Old Share"[north] * 2')).toMatch(/= 0\.5 > 0$/)
  })

  it('sits with plain checks in one suite, and refuses a dimension without elements', () => {
    const all = results([
      check('plain', ({ scenario }) => scenario().series('Pop[north,old]').rises()),
      checkEach('each', Age, ({ scenario }, age) => scenario().series(`Pop[south,${age}]`).rises()),
    ])
    expect(all.map((r) => r.pass)).toEqual([true, true])
    expect(all[0]!.elements).toBeUndefined()
    expect(() => checkEach('none', { name: 'Empty', elements: [] }, () => [])).toThrow(
      'checkEach "none": dimension "Empty" has no elements',
    )
  })

  it("is shown in the README as the regional SIR seed's checks write it", () => {
    const readme = readFileSync(join(__dirname, '../README.md'), 'utf8')
    const seed = readFileSync(join(__dirname, '../../../seeds/regional-sir/checks.ts'), 'utf8')
    const start = seed.indexOf("checkEach('the epidemic reaches every region")
    const lines = seed.slice(start, seed.indexOf('}),', start)).split('\n')
    expect(lines).toHaveLength(4)
    for (const line of lines) expect(readme).toContain(line.trim())
  })

  it('gives the callback the literal element types of the dimensions', () => {
    checkEach('typed', Region, (_, region) => {
      const r: 'north' | 'south' | 'east' = region
      // @ts-expect-error 'west' is not an element of Region
      const wrong: boolean = region === 'west'
      return { pass: r !== undefined && !wrong, detail: r }
    })
    const Zone = dimension('Zone', ['inner', 'outer'])
    checkEach('a typed DSL dimension', Zone, (_, zone) => {
      const z: 'inner' | 'outer' = zone
      // @ts-expect-error 'middle' is not an element of Zone
      const wrong: boolean = zone === 'middle'
      return { pass: !wrong, detail: z }
    })
    checkEach('typed pair', [Region, Age], (_, region, age) => {
      const a: 'young' | 'old' = age
      // @ts-expect-error the second argument is an Age, not a Region
      const r: typeof region = age
      return { pass: true, detail: `${a}${r}` }
    })
    expect(true).toBe(true)
  })
})

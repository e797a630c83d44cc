import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkUnits } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { validModel } from './arbitraries.js'
import { FUZZ_TIMEOUT, fuzz, isUserError } from './config.js'

/** Unit text from SD-like pieces, valid or not: names, numbers, operators, brackets, `per`, junk. */
const unitText = fc
  .array(
    fc.constantFrom(
      'money',
      'year',
      'Years',
      'm',
      'km',
      '1',
      'dmnl',
      '/',
      '*',
      '^',
      '-1',
      '2',
      '(',
      ')',
      ' per ',
      '$',
      '%',
      '.',
      'é',
      ' ',
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''))

/** Assigns random unit text to every element of a model. */
function withUnits(model: Model, units: readonly string[], time: string): Model {
  return {
    ...model,
    time: { ...model.time, units: time },
    elements: model.elements.map((e, i) => ({ ...e, units: units[i % units.length]! })),
  } as Model
}

async function settles(model: Model): Promise<void> {
  try {
    const issues = await checkUnits(model)
    for (const i of issues) expect(i.message.length).toBeGreaterThan(0)
  } catch (err) {
    if (!isUserError(err)) throw err
  }
}

describe('fuzz: units', () => {
  it(
    'any unit text on any valid model gives warnings or a user error, never a crash',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          validModel,
          fc.array(unitText, { minLength: 1, maxLength: 6 }),
          unitText,
          async (m, units, time) => settles(withUnits(m.model, units, time)),
        ),
        fuzz(200),
      )
    },
    FUZZ_TIMEOUT,
  )
})

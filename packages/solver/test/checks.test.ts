import { describe, expect, it } from 'vitest'
import { check, defineChecks, runChecks } from '@stockflow/solver'
import { flow, model, param, stock } from './helpers.js'

const level = stock('Level', { initial: 0 })
const rate = param('Fill Rate', 1)
const fill = flow('Fill', { to: level, rate: 'Fill_Rate' })
const tank = model('tank', {
  time: { start: 0, stop: 10, dt: 1 },
  elements: [level, fill, rate],
  scenarios: [{ id: 'fast', set: { 'Fill Rate': 2 } }],
})

const results = (checks: Parameters<typeof defineChecks>[1]) => runChecks(defineChecks(tank, checks))

describe('behaviour checks', () => {
  it('pass and fail with details that say what was measured', () => {
    const [rises, tooHigh, window, compare] = results([
      check('level rises', ({ scenario }) => scenario().series('Level').rises()),
      check('level stays under 5', ({ scenario }) => scenario().series('Level').isAtMost(5)),
      check('between 3 and 5 in the window', ({ scenario }) => scenario().series('Level').during(3, 5).isBetween(3, 5)),
      check('fast fills faster', ({ scenario }) =>
        scenario('FAST').series('Level').at(4).isAbove(scenario().series('Level').at(4)),
      ),
    ])
    expect(rises).toMatchObject({ pass: true, detail: 'Level in the model rises throughout (0 -> 10)' })
    expect(tooHigh).toMatchObject({ pass: false, detail: 'max of Level in the model (at 10) = 10 <= 5' })
    expect(window).toMatchObject({ pass: true, detail: 'Level in the model, 3–5 spans [3, 5] within [3, 5]' })
    expect(compare).toMatchObject({ pass: true, detail: 'Level in fast at 4 = 8 > Level in the model at 4 = 4' })
  })

  it('evaluates expressions over the run and compares points', () => {
    const [ratio, several] = results([
      check('fast is twice as full', ({ scenario }) =>
        scenario('fast').series('Level').at(10).ratioTo(scenario().series('Level').at(10)).isNear(2, 1e-12),
      ),
      check('all verdicts must pass', ({ scenario }) => [
        scenario().series('Level - 2 * Fill_Rate').first().isBelow(0),
        scenario().series('Level').timeReaching(2.5).isBetween(2.4, 2.6),
        scenario().series('Level').last().isAtLeast(11),
      ]),
    ])
    expect(ratio!.pass).toBe(true)
    expect(several).toMatchObject({ pass: false, detail: 'Level in the model at 10 = 10 >= 11' })
  })

  it('turn an error inside a check into a failure with the message', () => {
    const [unknown, badScenario] = results([
      check('unknown variable', ({ scenario }) => scenario().series('Nothing').isAtLeast(0)),
      check('unknown scenario', ({ scenario }) => scenario('nope').series('Level').isAtLeast(0)),
    ])
    expect(unknown).toMatchObject({ pass: false, detail: 'error: "Nothing": the run has no output "Nothing"' })
    expect(badScenario!.pass).toBe(false)
    expect(badScenario!.detail).toMatch(/no scenario "nope"/)
  })

  it('a misspelt output gets a did-you-mean, named alone or inside an expression', () => {
    const [alone, inside, far] = results([
      check('alone', ({ scenario }) => scenario().series('Levle').isAtLeast(0)),
      check('inside', ({ scenario }) => scenario().series('Level / Fill_Rat').isAtLeast(0)),
      check('far', ({ scenario }) => scenario().series('Volume').isAtLeast(0)),
    ])
    expect(alone!.detail).toBe('error: "Levle": the run has no output "Levle"; did you mean "Level"?')
    expect(inside!.detail).toBe(
      'error: "Level / Fill_Rat": the run has no output "Fill_Rat"; did you mean "Fill Rate"?',
    )
    expect(far!.detail).toBe('error: "Volume": the run has no output "Volume"')
  })

  it('simulate each scenario once for all checks', () => {
    const suite = defineChecks(tank, [
      check('a', ({ scenario }) => scenario('fast').series('Level').last().isAbove(0)),
      check('b', ({ scenario }) => scenario('fast').series('Level').last().isAbove(0)),
    ])
    let runs = 0
    const counted = defineChecks(
      tank,
      suite.checks.map((c) =>
        check(c.name, (ctx) => {
          const s = ctx.scenario('fast')
          runs += s === ctx.scenario('FAST') ? 1 : 100
          return c.verify(ctx)
        }),
      ),
    )
    expect(runChecks(counted).every((r) => r.pass)).toBe(true)
    expect(runs).toBe(2)
  })
})

import { describe, expect, it } from 'vitest'
import { cli, writeModel } from './support.js'

// Names written as strings in a model file, a scenario's keys and a named loop's variables, are
// checked with the rest of the model: one line each from `check`; `run` refuses a model whose scenario
// cannot apply, and warns of a named loop's unknown name (it spoils the loop's match, not the runs).

const teacup = {
  name: 'teacup',
  time: { start: 0, stop: 2, dt: 1 },
  elements: [
    { kind: 'stock', name: 'Teacup Temperature', initial: '180', outflows: ['heat_loss'] },
    { kind: 'flow', name: 'Heat Loss', equation: '(Teacup_Temperature - Room_Temperature) / 10' },
    { kind: 'param', name: 'Room Temperature', value: 70 },
  ],
  scenarios: [{ id: 'S1', name: 'Cold room', set: { 'Room Temprature': 60 } }],
  loops: [{ id: 'B1', name: 'Cooling', polarity: 'balancing', variables: ['Teacup Temperature', 'Heat Los'] }],
}

describe('check and run on misspelt names in strings', () => {
  const file = writeModel(teacup, 'stockflow-names-')
  const scenarioLine = `${file}: error [scenario-key]: scenario "S1": cannot set "Room Temprature": model "teacup" has no such variable; did you mean "Room Temperature"?`
  const loopLine = `${file}: warning [loop-variable]: named loop "B1" (Cooling): "Heat Los" is not a variable of model "teacup"; did you mean "Heat Loss"?`

  it('check prints one line for each, naming the file, the scenario or loop, the name and a did-you-mean', async () => {
    const { code, stdout } = await cli('check', file)
    expect(code).toBe(1)
    // Lint warnings (no units here) follow; the errors come first.
    expect(stdout.split('\n').slice(0, 2)).toEqual([scenarioLine, loopLine])
    expect(stdout.split('\n').filter((l) => l.includes(': error ['))).toHaveLength(1)
  })

  it('run refuses the model with the scenario line', async () => {
    const { code, stdout, stderr } = await cli('run', file)
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toBe(`stockflow: ${scenarioLine}\n`)
  })

  it('run runs a model whose named loop has an unknown name; check warns and fails only with --strict', async () => {
    const loopOnly = writeModel({ ...teacup, scenarios: [] }, 'stockflow-names-loop-')
    const { code, stdout, stderr } = await cli('run', loopOnly, '--vars', 'Teacup Temperature')
    expect(code).toBe(0)
    expect(stdout.split('\n')[1]).toBe('0,180')
    expect(stderr).toBe('')
    const checked = await cli('check', loopOnly)
    expect(checked.stdout).toContain('warning [loop-variable]: named loop "B1" (Cooling): "Heat Los"')
    expect((await cli('check', loopOnly, '--strict')).code).toBe(1)
  })
})

import { describe, expect, it } from 'vitest'
import { cli, writeModel } from './support.js'

// Names written as strings in a model file, a scenario's keys and a named loop's variables, are
// checked with the rest of the model: one line each from `check`, and `run` refuses the model.

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
  const loopLine = `${file}: error [loop-variable]: named loop "B1" (Cooling): "Heat Los" is not a variable of model "teacup"; did you mean "Heat Loss"?`

  it('check prints one line for each, naming the file, the scenario or loop, the name and a did-you-mean', async () => {
    const { code, stdout } = await cli('check', file)
    expect(code).toBe(1)
    // Lint warnings (no units here) follow; the errors come first.
    expect(stdout.split('\n').slice(0, 2)).toEqual([scenarioLine, loopLine])
    expect(stdout.split('\n').filter((l) => l.includes(': error ['))).toHaveLength(2)
  })

  it('run refuses the model with the same lines', async () => {
    const { code, stdout, stderr } = await cli('run', file)
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toBe(`stockflow: ${scenarioLine}\nstockflow: ${loopLine}\n`)
  })
})

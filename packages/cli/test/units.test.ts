import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, writeModel } from './support.js'
import { loadModel } from '@stockflow/cli'
import { checkUnits } from '@stockflow/model'
import { hasArrays } from '@stockflow/model/internal'
import { importXmile } from '@stockflow/xmile'
import { corpusPath } from '../../../test/support/corpus.js'
import { regionalSirData } from '../../../test/support/regional-sir-data.js'

// The SDXorg test-models corpus, read in place (STOCKFLOW_CORPUS; never copied into the project).
const corpus = corpusPath('test-models')

/** A tank drained by a flow declared in liters, not liters per day. */
const tank = (drainUnits: string) => ({
  name: 'tank',
  time: { start: 0, stop: 4, dt: 0.5, units: 'day' },
  elements: [
    { kind: 'stock', name: 'Water', initial: '100', outflows: ['drain'], units: 'liter', nonNegative: true },
    { kind: 'flow', name: 'Drain', equation: 'Water / Drain_Time', units: drainUnits },
    { kind: 'param', name: 'Drain Time', value: 2, units: 'days' },
  ],
})

describe('stockflow check: units', () => {
  it('prints one line per unit mistake, naming the element, both units and the term; --strict fails', async () => {
    const file = writeModel(tank('liter'), 'stockflow-units-')
    const { code, stdout } = await cli('check', file)
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toEqual([
      `${file}: warning [units] "Drain" equation at 1: the equation "Water / Drain_Time" has units liter/day, not the declared liter (multiply it by something in day, or declare units: 'liter/day')`,
      `${file}: warning [units] "Drain": the flow has units liter, but the flow drains "Water" (liter) and so needs liter/day, the stock's units per time unit (declare units: 'liter/day', or correct the units of "Water")`,
    ])
    expect((await cli('check', file, '--strict')).code).toBe(1)
  })

  it('is quiet when the units agree', async () => {
    const { code, stdout } = await cli('check', writeModel(tank('liter/day'), 'stockflow-units-'), '--strict')
    expect(stdout).toMatch(/ok, 3 elements, no problems/)
    expect(code).toBe(0)
  })

  it('reports unit text it cannot read', async () => {
    const model = tank('liter/day')
    model.elements[2]!.units = 'days [0,?]'
    const { stdout } = await cli('check', writeModel(model, 'stockflow-units-'))
    expect(stdout).toMatch(
      /warning \[units-syntax\] "Drain Time": the units "days \[0,\?\]" cannot be read at character 6: the character "\[" cannot be part of a unit/,
    )
  })
})

const regionalSir = regionalSirData

describe('stockflow check: units of an arrayed model', () => {
  it('names the arrayed variable once and quotes its equation as written', async () => {
    const file = writeModel(regionalSir('Infected[Region]*Duration'), 'stockflow-units-')
    const { code, stdout } = await cli('check', file)
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toEqual([
      `${file}: warning [units] "Recovering" equation at 1: the equation "Infected[Region]*Duration" has units people*day, not the declared people/day (multiply it by something in 1/day^2, or declare units: 'people*day')`,
    ])
    expect((await cli('check', file, '--strict')).code).toBe(1)
  })

  it('is quiet on the regional SIR as it should be', async () => {
    const { code, stdout } = await cli(
      'check',
      writeModel(regionalSir('Infected[Region]/Duration'), 'stockflow-units-'),
      '--strict',
    )
    expect(stdout).toMatch(/ok, 10 elements, no problems/)
    expect(code).toBe(0)
  })
})

/** Every XMILE file (or, with `mdl`, also every Vensim file) of the SDXorg test-models corpus. */
function corpusFiles(dir: string, mdl = false): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...corpusFiles(path, mdl))
    else if (/\.(xmile|stmx|itmx)$/.test(name) || (mdl && /\.mdl$/.test(name))) out.push(path)
  }
  return out.sort()
}

describe.skipIf(!corpus)('units of the XMILE corpus', () => {
  it('checks every model that imports without throwing', async () => {
    let checked = 0
    for (const file of corpusFiles(corpus!)) {
      let model
      try {
        model = importXmile(readFileSync(file, 'utf8'), file).model
      } catch {
        continue // arrays, macros and the like: the importer explains them elsewhere
      }
      await expect(checkUnits(model), file).resolves.toBeInstanceOf(Array)
      checked++
    }
    expect(checked).toBeGreaterThan(0)
  })
})

describe.skipIf(!corpus)('units of the arrayed models of the corpus', () => {
  it('name each arrayed variable or per-element equation as written, never an element the flattening made', async () => {
    let checked = 0
    for (const file of corpusFiles(corpus!, true)) {
      let model
      try {
        model = (await loadModel(file)).model
      } catch {
        continue // what the importers cannot read yet
      }
      if (!hasArrays(model)) continue
      const written = new Set<string>()
      for (const e of model.elements) {
        written.add(e.name)
        for (const entry of e.perElement ?? []) written.add(`${e.name}[${entry.subscripts.join(',')}]`)
      }
      for (const issue of await checkUnits(model)) {
        if (issue.element !== undefined) expect(written, `${file}: ${issue.message}`).toContain(issue.element)
      }
      checked++
    }
    expect(checked).toBeGreaterThan(50)
  })
})

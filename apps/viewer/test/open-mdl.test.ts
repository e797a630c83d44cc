import { describe, expect, it } from 'vitest'
import { readMdlFile } from '../src/open-mdl.ts'
import type { MdlOutcome } from '../src/open-mdl.ts'
import { OpenError } from '../src/open-model.ts'
import { DEPOSITS_CSV, PLAIN_MDL, SAVINGS_MDL } from './mdl-fixtures.ts'

const bytes = (text: string) => new TextEncoder().encode(text)
const files = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([name, text]) => [name, bytes(text)]))
const opened = (outcome: MdlOutcome) => {
  if (outcome.kind !== 'opened') throw new Error(`not opened: ${JSON.stringify(outcome)}`)
  return outcome.opened
}
const failure = (run: () => unknown): string => {
  try {
    run()
  } catch (err) {
    expect(err).toBeInstanceOf(OpenError)
    return (err as Error).message
  }
  throw new Error('no error')
}

describe('opening a Vensim .mdl file', () => {
  it('reads the model and the views of its sketch', () => {
    const { model, fileName, warnings } = opened(readMdlFile('savings.mdl', bytes(PLAIN_MDL), new Map()))
    expect(fileName).toBe('savings.mdl')
    expect(model.name).toBe('savings')
    expect(warnings).toEqual([])
    expect(model.elements.map((e) => `${e.kind} ${e.name}`).sort()).toEqual([
      'flow Interest',
      'param Interest Rate',
      'stock Savings',
    ])
    expect(model.views?.map((v) => v.name)).toEqual(['Account'])
    expect(model.views![0]!.items.find((i) => i.id === 'savings')).toMatchObject({ x: 400, y: 200 })
  })

  it('reads the data files given beside it, by name in any case or by path', () => {
    const data = opened(readMdlFile('savings.mdl', bytes(SAVINGS_MDL), files({ 'Deposits.CSV': DEPOSITS_CSV })))
    const deposits = data.model.elements.find((e) => e.id === 'deposits')
    expect(deposits).toMatchObject({ kind: 'aux', graph: { x: [0, 5, 10], y: [10, 20, 30] } })
    // A model naming `inputs/deposits.csv` gets the file chosen as `deposits.csv` (a browser gives names only).
    const nested = SAVINGS_MDL.replace("'deposits.csv'", "'inputs\\deposits.csv'")
    expect(opened(readMdlFile('s.mdl', bytes(nested), files({ 'deposits.csv': DEPOSITS_CSV }))).model.name).toBe('s')
    expect(
      opened(readMdlFile('s.mdl', bytes(nested), files({ 'inputs/deposits.csv': DEPOSITS_CSV }))).model,
    ).toBeDefined()
  })

  it('names the data files the model reads that were not given', () => {
    expect(readMdlFile('savings.mdl', bytes(SAVINGS_MDL), new Map())).toEqual({
      kind: 'needs-data',
      fileName: 'savings.mdl',
      missing: ['deposits.csv'],
    })
    const two = SAVINGS_MDL.replace(
      'Interest Rate=\n\t0.05',
      "Interest Rate=\n\tGET DIRECT CONSTANTS('data\\rates.xls', 'Sheet1', 'B2')",
    )
    expect(readMdlFile('savings.mdl', bytes(two), files({ 'other.csv': '1' }))).toMatchObject({
      missing: ['data/rates.xls', 'deposits.csv'],
    })
  })

  it('says what is wrong with a given data file or the model, one line each, naming the file', () => {
    const bad = failure(() => readMdlFile('savings.mdl', bytes(SAVINGS_MDL), files({ 'deposits.csv': 'time,x\n' })))
    expect(bad).toMatch(/^savings\.mdl:\d+:\d+: "Deposits": /)
    expect(bad.split('\n')).toHaveLength(1)
    const broken = failure(() => readMdlFile('broken.mdl', bytes('{UTF-8}\na = b +\n~~|\nc = d\n~~|\n'), new Map()))
    for (const line of broken.split('\n')) expect(line).toMatch(/^broken\.mdl:\d+:\d+: /)
    // A legacy workbook given under the name the model reads: not missing, but a message saying to save it as .xlsx.
    const xls = SAVINGS_MDL.replace("'deposits.csv', ','", "'deposits.xls', 'Sheet1'")
    const legacy = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])
    expect(failure(() => readMdlFile('s.mdl', bytes(xls), new Map([['deposits.xls', legacy]])))).toMatch(/\.xlsx/)
  })
})

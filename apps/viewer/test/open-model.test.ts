import { describe, expect, it } from 'vitest'
import { modelToJSON } from '@stockflow/model'
import teacup from '../../../seeds/teacup/model.ts'
import { OpenError, describeError, readModelFile } from '../src/open-model.ts'

describe('opening a model file', () => {
  it('reads JSON models and XMILE files by extension, else by their first character', () => {
    expect(readModelFile('cup.json', modelToJSON(teacup)).model.name).toBe('teacup')
    expect(readModelFile('cup.txt', modelToJSON(teacup)).model.name).toBe('teacup')
    const xmile = `<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
      <header><vendor>v</vendor><product>p</product></header>
      <sim_specs><start>0</start><stop>1</stop><dt>0.5</dt></sim_specs>
      <model><variables><aux name="a"><eqn>1</eqn></aux></variables></model></xmile>`
    expect(readModelFile('m.xmile', xmile).model.elements.map((e) => e.name)).toEqual(['a'])
    expect(readModelFile('m', xmile).model.elements).toHaveLength(1)
  })

  it('says what is wrong, naming the file, in a few lines', () => {
    const fail = (name: string, text: string) => {
      try {
        readModelFile(name, text)
      } catch (err) {
        expect(err).toBeInstanceOf(OpenError)
        return (err as Error).message
      }
      throw new Error('no error')
    }
    expect(fail('x.json', '{"name": ')).toMatch(/^x\.json: not valid JSON/)
    expect(fail('x.json', '{"name": "x"}')).toMatch(/^x\.json: /)
    expect(fail('notes.txt', 'hello')).toMatch(/^notes\.txt: not a model/)
    expect(fail('x.xmile', '<xmile><model><variables><aux name="a"><eqn>???</eqn></aux>')).toMatch(/^x\.xmile/)
  })

  it('shortens long error lists and names the file once', () => {
    const err = new OpenError(Array.from({ length: 10 }, (_, i) => `problem ${i}`).join('\n'))
    const text = describeError(err, 'big.json')
    expect(text.split('\n')).toHaveLength(7)
    expect(text.startsWith('big.json: problem 0')).toBe(true)
    expect(text.endsWith('… and 4 more')).toBe(true)
  })
})

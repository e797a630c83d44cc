import { describe, expect, it } from 'vitest'
import { modelToJSON } from '@stockflow/model'
import teacup from '../../../seeds/teacup/model.ts'
import { FileOpener } from '../src/file-opener.ts'
import type { DataRequest, GivenFile } from '../src/file-opener.ts'
import { readMdlFile } from '../src/open-mdl.ts'
import { DEPOSITS_CSV, PLAIN_MDL, SAVINGS_MDL } from './mdl-fixtures.ts'

const file = (name: string, text: string): GivenFile => ({
  name,
  arrayBuffer: () => Promise.resolve(new TextEncoder().encode(text).buffer as ArrayBuffer),
})

/** A FileOpener whose ports record what they were told. */
function harness(openModel = true) {
  const calls: string[] = []
  let request: DataRequest | undefined
  const opener = new FileOpener(
    {
      openText: (name) => (calls.push(`text ${name}`), true),
      openModel: (opened) => (calls.push(`model ${opened.fileName} ${opened.model.elements.length}`), openModel),
      error: (message) => calls.push(`error ${message}`),
      request: (r) => {
        request = r
        calls.push(r ? `request ${r.missing.join(' ')}` : 'no request')
      },
    },
    () => Promise.resolve(readMdlFile),
  )
  return { opener, calls, request: () => request }
}

describe('opening chosen or dropped files', () => {
  it('opens JSON and XMILE files as text, and a .mdl file with the data files beside it', async () => {
    const h = harness()
    await h.opener.open([file('cup.json', modelToJSON(teacup))])
    await h.opener.open([file('deposits.csv', DEPOSITS_CSV), file('savings.mdl', SAVINGS_MDL)])
    await h.opener.open([file('plain.MDL', PLAIN_MDL)])
    expect(h.calls).toEqual(['text cup.json', 'model savings.mdl 4', 'model plain.MDL 3'])
  })

  it('asks for a data file that was not given, and opens the model once it is', async () => {
    const h = harness()
    await h.opener.open([file('savings.mdl', SAVINGS_MDL)])
    expect(h.calls).toEqual(['request deposits.csv'])
    expect(h.request()!.text).toBe(
      'savings.mdl reads the data file "deposits.csv", which was not given with it: add it to open the model.',
    )
    // The one file given for the one missing is taken as it, whatever its name.
    await h.opener.addData([file('deposits (1).csv', DEPOSITS_CSV)])
    expect(h.calls).toEqual(['request deposits.csv', 'no request', 'model savings.mdl 4'])
    expect(h.opener.request).toBeUndefined()
  })

  it('takes files dropped while a model waits as its data files', async () => {
    const h = harness()
    await h.opener.open([file('savings.mdl', SAVINGS_MDL)])
    await h.opener.open([file('notes.txt', 'x'), file('deposits.csv', DEPOSITS_CSV)])
    expect(h.calls).toEqual(['request deposits.csv', 'no request', 'model savings.mdl 4'])
  })

  it('keeps asking while the file is still missing, and forgets the request for another model or on cancel', async () => {
    const h = harness()
    await h.opener.open([file('savings.mdl', SAVINGS_MDL)])
    await h.opener.addData([file('a.csv', '1'), file('b.csv', '2')])
    expect(h.calls).toEqual(['request deposits.csv', 'request deposits.csv'])
    await h.opener.open([file('cup.json', modelToJSON(teacup))])
    expect(h.calls.slice(2)).toEqual(['no request', 'text cup.json'])
    await h.opener.open([file('savings.mdl', SAVINGS_MDL)])
    h.opener.cancel()
    expect(h.calls.slice(4)).toEqual(['request deposits.csv', 'no request'])
    expect(h.opener.request).toBeUndefined()
  })

  it('says what is wrong with a data file given and keeps waiting for a good one', async () => {
    const h = harness()
    await h.opener.open([file('savings.mdl', SAVINGS_MDL)])
    await h.opener.addData([file('deposits.csv', 'time,deposits\n')])
    expect(h.calls[1]).toMatch(/^error savings\.mdl:\d+:\d+: "Deposits": /)
    expect(h.opener.request?.missing).toEqual(['deposits.csv'])
    await h.opener.addData([file('deposits.csv', DEPOSITS_CSV)])
    expect(h.calls.slice(2)).toEqual(['no request', 'model savings.mdl 4'])
  })

  it('reports a broken model file or one that cannot be read, naming it', async () => {
    const h = harness()
    await h.opener.open([file('broken.mdl', '{UTF-8}\na = b +\n~~|\n')])
    await h.opener.open([{ name: 'gone.json', arrayBuffer: () => Promise.reject(new Error('file was moved')) }])
    expect(h.calls).toEqual([
      expect.stringMatching(/^error broken\.mdl:\d+:\d+: "a": /),
      'error gone.json: could not be opened: file was moved',
    ])
  })
})

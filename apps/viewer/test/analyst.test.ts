// The loop analyst with a fake worker answering late: only the latest request's messages get through.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AnalysisMessage, AnalysisRequest } from '../src/analysis.ts'
import { Analyst } from '../src/analyst.ts'
import { FakeWorker } from './fake-worker.ts'

const request = (seq: number): AnalysisRequest => ({ seq, modelJSON: '{}', set: {} })
const loops = (seq: number): AnalysisMessage => ({
  kind: 'loops',
  seq,
  loops: [],
  named: [],
  links: [],
  truncated: false,
})

describe('the analyst', () => {
  beforeEach(() => {
    FakeWorker.reset()
    vi.stubGlobal('Worker', FakeWorker)
  })
  afterEach(() => vi.unstubAllGlobals())

  it("sends the asker's number with the request and delivers the messages bearing it", () => {
    const got: AnalysisMessage[] = []
    const analyst = new Analyst((m) => got.push(m))
    analyst.request(request(7))
    const [worker] = FakeWorker.started
    expect(worker!.posted).toEqual([request(7)])
    worker!.answer(loops(7))
    expect(got).toEqual([loops(7)])
  })

  it('ends a busy worker for a new request and drops what the ended one still sends', () => {
    const got: AnalysisMessage[] = []
    const analyst = new Analyst((m) => got.push(m))
    analyst.request(request(1))
    analyst.request(request(2))
    const [first, second] = FakeWorker.started
    expect(first!.terminated).toBe(true)
    expect(second!.posted).toEqual([request(2)])
    first!.answer(loops(1))
    first!.onerror!({ message: 'gone', preventDefault: () => {} })
    // A message for an earlier request from the live worker is dropped too.
    second!.answer(loops(1))
    expect(got).toEqual([])
    second!.answer(loops(2))
    expect(got).toEqual([loops(2)])
  })
})

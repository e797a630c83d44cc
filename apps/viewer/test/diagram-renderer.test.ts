// The diagram renderer with fake workers answering late: a drawing of a model no longer open never
// reaches the page, nor frees the worker drawing the open one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DiagramRenderer } from '../src/diagram-renderer.ts'
import type { DiagramJob, RenderReply, RenderRequest } from '../src/render-job.ts'
import { FakeWorker } from './fake-worker.ts'

type Layout = { readonly name: string }

const JOB: DiagramJob = { diagram: 'stock-flow', options: {} }
const done = (seq: number, name: string): RenderReply<Layout> => ({
  kind: 'done',
  seq,
  rendered: { svg: `<svg>${name}</svg>`, layout: { name } },
  ms: 1,
})
const seqs = (worker: FakeWorker) => worker.posted.map((m) => (m as RenderRequest).seq)

describe('the diagram renderer', () => {
  beforeEach(() => {
    FakeWorker.reset()
    vi.stubGlobal('Worker', FakeWorker)
  })
  afterEach(() => vi.unstubAllGlobals())

  it("drops the previous model's drawing when it arrives after a switch", () => {
    const got: [string, string][] = []
    const renderer = new DiagramRenderer<Layout>((reply, key) => {
      if (reply.kind === 'done') got.push([reply.rendered.layout.name, key])
    })
    const a = renderer.request('model-1', '{}', JOB, 'model-1')
    // Another model: the worker still laying out the first one is ended, a new one draws the second.
    const b = renderer.request('model-2', '{}', JOB, 'model-2')
    const [first, second] = FakeWorker.started
    expect(first!.terminated).toBe(true)
    expect(seqs(second!)).toEqual([b])
    // The same nodes again (other signs): it waits for the worker busy with them.
    const c = renderer.request('model-2', '{}', JOB, 'model-2')
    expect(seqs(second!)).toEqual([b])

    first!.answer(done(a, 'first model'))
    expect(got).toEqual([])
    expect(seqs(second!)).toEqual([b])

    second!.answer(done(b, 'second model'))
    expect(got).toEqual([['second model', 'model-2']])
    expect(seqs(second!)).toEqual([b, c])
    second!.answer(done(c, 'second model, signed'))
    expect(got.at(-1)).toEqual(['second model, signed', 'model-2'])
  })
})

import { MessageChannel } from 'node:worker_threads'
import { StockflowError } from '@stockflow/model'
import { afterEach, describe, expect, it } from 'vitest'
import { inProcess, monteCarlo, normal, serveBatches, sweep, uniform, webWorkerPool } from '../src/index.js'
import type { ReplyMessage, TaskMessage, WebWorkerPool, WorkerLike, WorkerScope } from '../src/index.js'
import { growthModel } from './growth.js'

/**
 * A stand-in for a Web Worker: a MessageChannel whose far end runs `serveBatches`, so every task and
 * batch is structured-cloned and transferred as between a page and its workers (in this one thread).
 */
function channelWorker(log?: { started: number; terminated: number }): WorkerLike {
  const { port1, port2 } = new MessageChannel()
  const scope: WorkerScope = { onmessage: null, postMessage: (m, transfer) => port2.postMessage(m, transfer) }
  port2.on('message', (data: TaskMessage) => scope.onmessage?.({ data }))
  serveBatches(scope)
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage: (m) => port1.postMessage(m),
    terminate: () => {
      if (log) log.terminated++
      port1.close()
    },
  }
  port1.on('message', (data: ReplyMessage) => worker.onmessage?.({ data }))
  if (log) log.started++
  return worker
}

const pools: WebWorkerPool[] = []
function pool(workers: number, create: () => WorkerLike = () => channelWorker()): WebWorkerPool {
  const p = webWorkerPool(create, workers)
  pools.push(p)
  return p
}
afterEach(() => {
  for (const p of pools.splice(0)) p.close()
})

const options = { vary: { r: normal(0.1, 0.03), x: uniform(0.5, 2) }, runs: 300, seed: 42, vars: ['x', 'growth'] }

describe('Web Worker pool', () => {
  it('1 and 3 workers give the numbers of this thread, bit for bit', async () => {
    const here = await monteCarlo(growthModel(), { ...options, executor: inProcess() })
    const one = await monteCarlo(growthModel(), { ...options, executor: pool(1) })
    const three = await monteCarlo(growthModel(), { ...options, executor: pool(3) })
    expect(Array.from(one.values)).toEqual(Array.from(here.values))
    expect(Array.from(three.values)).toEqual(Array.from(here.values))
    expect(Array.from(three.times)).toEqual(Array.from(here.times))
    expect(Array.from(three.bands('x').p95)).toEqual(Array.from(here.bands('x').p95))
  })

  it('starts no more workers than asked, reuses them and reports progress up to every run', async () => {
    const log = { started: 0, terminated: 0 }
    const p = pool(2, () => channelWorker(log))
    expect(log.started).toBe(0) // workers start with the first experiment
    const seen: number[] = []
    const model = growthModel()
    await monteCarlo(model, { ...options, executor: p, onProgress: (done) => seen.push(done) })
    await sweep(model, { vary: { r: [0.05, 0.1] }, executor: p })
    expect(log.started).toBe(2)
    expect(seen.at(-1)).toBe(300)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    p.close()
    expect(log.terminated).toBe(2)
  })

  it('runs experiments side by side on one pool', async () => {
    const p = pool(2)
    const model = growthModel()
    const [a, b] = await Promise.all([
      monteCarlo(model, { ...options, executor: p }),
      monteCarlo(model, { ...options, seed: 7, executor: p }),
    ])
    const here = await monteCarlo(model, { ...options, seed: 7 })
    expect(Array.from(b.values)).toEqual(Array.from(here.values))
    expect(Array.from(a.values)).not.toEqual(Array.from(b.values))
  })

  it('a model error inside a worker reaches the caller as a StockflowError', async () => {
    const run = monteCarlo(growthModel(), { vary: { nope: uniform(0, 1) }, runs: 40, executor: pool(2) })
    await expect(run).rejects.toThrow(StockflowError)
    await expect(run).rejects.toThrow(/nope/)
  })

  it('a worker that cannot start fails the experiment with its reason', async () => {
    const broken = (): WorkerLike => {
      const worker: WorkerLike = {
        onmessage: null,
        onerror: null,
        postMessage: () => setTimeout(() => worker.onerror?.({ message: 'SyntaxError in worker.js' }), 0),
        terminate: () => {},
      }
      return worker
    }
    await expect(monteCarlo(growthModel(), { ...options, executor: pool(2, broken) })).rejects.toThrow(
      /Web Worker failed: SyntaxError/,
    )
  })

  it('a page that cannot make workers gets the reason, and the pool tries again next time', async () => {
    let refuse = true
    const p = pool(2, () => {
      if (refuse) throw new Error('workers are not allowed here')
      return channelWorker()
    })
    await expect(monteCarlo(growthModel(), { ...options, executor: p })).rejects.toThrow(/not allowed/)
    refuse = false
    const here = await monteCarlo(growthModel(), options)
    expect(Array.from((await monteCarlo(growthModel(), { ...options, executor: p })).values)).toEqual(
      Array.from(here.values),
    )
  })

  it('close() ends the workers and fails the experiment still running', async () => {
    const log = { started: 0, terminated: 0 }
    const p = pool(2, () => channelWorker(log))
    const run = monteCarlo(growthModel(), { ...options, runs: 2000, executor: p })
    p.close()
    await expect(run).rejects.toThrow(/closed/)
    expect(log.terminated).toBe(log.started)
    await expect(monteCarlo(growthModel(), { ...options, executor: p })).rejects.toThrow(/closed/)
  })
})

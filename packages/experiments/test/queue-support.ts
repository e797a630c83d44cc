/** Worker processes for the queue tests: started as real processes, their event lines collected. */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import { aux, flow, model, param, stock } from '@stockflow/model'

export interface WorkerLine {
  readonly pid: number
  readonly type: string
  readonly job?: string
  readonly message?: string
  /** When the test saw the line (performance.now()). */
  readonly at: number
}

export interface WorkerProcess {
  readonly child: ChildProcess
  readonly lines: WorkerLine[]
  /** Resolves with the first line (already seen or to come) that matches. */
  waitFor(match: (line: WorkerLine) => boolean, timeoutMs?: number): Promise<WorkerLine>
  /** SIGTERM (or the given signal), then waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>
}

const FIXTURE = fileURLToPath(new URL('./queue-worker-process.ts', import.meta.url))

export async function startWorker(url: string, threads = 1): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@stockflow/source', FIXTURE, url, String(threads)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const lines: WorkerLine[] = []
  const waiting = new Set<() => void>()
  createInterface({ input: child.stdout! }).on('line', (text) => {
    try {
      lines.push({ ...(JSON.parse(text) as Omit<WorkerLine, 'at'>), at: performance.now() })
    } catch {
      return
    }
    for (const wake of [...waiting]) wake()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const worker: WorkerProcess = {
    child,
    lines,
    waitFor(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(match)
          if (found) {
            waiting.delete(check)
            clearTimeout(timer)
            resolve(found)
          }
        }
        const timer = setTimeout(() => {
          waiting.delete(check)
          reject(new Error(`worker ${child.pid}: no such line within ${timeoutMs} ms`))
        }, timeoutMs)
        waiting.add(check)
        child.once('exit', () => {
          if (!waiting.has(check)) return
          waiting.delete(check)
          clearTimeout(timer)
          reject(new Error(`worker ${child.pid} exited`))
        })
        check()
      })
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
  await worker.waitFor((l) => l.type === 'ready', 60_000)
  return worker
}

/**
 * A model with the model's own random numbers (a run depends on its seed) and a run that fails when
 * its `k` draw is under 0.05 (a division by zero), so failures cross the queue too.
 */
export function noisyModel() {
  const scale = param('scale', 1)
  const k = param('k', 0.5)
  const draw = aux('draw', { equation: 'scale * RANDOM()' })
  const ratio = aux('ratio', { equation: '1 / MAX(0, k - 0.05)' })
  const level = stock('level', { initial: 0 })
  const inflow = flow('inflow', { to: level, rate: 'draw + ratio' })
  return model('noisy', { time: { start: 0, stop: 10, dt: 0.25 }, elements: [scale, k, draw, ratio, level, inflow] })
}

/** Runs slow enough for a job to be caught running: dt 1/4096 over 10 time units, rk4. */
export function slowModel() {
  const x = stock('x', { initial: 1 })
  const r = param('r', 0.1)
  const growth = flow('growth', { to: x, rate: 'r * x' })
  return model('slow', {
    time: { start: 0, stop: 10, dt: 1 / 4096, saveper: 1, method: 'rk4' },
    elements: [x, r, growth],
  })
}

/** The bytes of a Float64Array, so NaN payloads and -0 compare too. */
export function bytes(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength)
}

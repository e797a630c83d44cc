/**
 * `pnpm bench --queue`: the involution Monte Carlo in this thread, on 2 worker threads, and on the Redis
 * queue with 1 and 2 `stockflow worker` processes (one thread each); the queue's cost per job; and, in
 * one process, in-thread runs per second with one `simulate` per run against the prepared run.
 *
 * A real redis-server is started on 127.0.0.1 at a free port (skipped with a message when the machine has
 * none) and the workers are real processes of the CLI, as a modeler starts them. Every configuration must
 * give a bit-identical ensemble before anything is timed. Configurations alternate within a round (the
 * order rotated every round) and each figure is the median over rounds. Worker start-up is not timed.
 */
import os from 'node:os'
import { inProcess, monteCarlo, uniform } from '@stockflow/experiments'
import type { Ensemble, Executor } from '@stockflow/experiments'
import { workerPool } from '@stockflow/experiments/node'
import { connectQueue } from '@stockflow/experiments/queue'
import { compile } from '@stockflow/solver'
import type { Model } from '@stockflow/model'
import involution from '../seeds/involution/model.ts'
import teacup from '../seeds/teacup/model.ts'
import { redisAvailable, startRedis } from '../test/support/redis.ts'
import type { RedisServer } from '../test/support/redis.ts'
import { startWorker } from '../test/support/stockflow-child.ts'
import type { StockflowChild } from '../test/support/stockflow-child.ts'
import { involutionUncertainty } from './montecarlo.ts'
import { preparedRunBench } from './prepared-run.ts'
import type { PreparedRunFigures } from './prepared-run.ts'
import { resultsPath, writeJson, writeResultsMd } from './report.ts'
import { median } from './rounds.ts'

export interface QueueBenchRow {
  readonly config: string
  readonly runs: number
  readonly jobs: number
  readonly medianMs: number
  readonly runsPerSecond: number
  /** Against this thread. */
  readonly speedup: number
}

export async function queueBench(options: { runs: number; rounds: number }): Promise<void> {
  // Under CI a missing redis-server throws (for the tests); the benchmark only skips.
  const redisOk = (() => {
    try {
      return redisAvailable()
    } catch {
      return false
    }
  })()
  if (!redisOk) {
    console.log('queue: skipped (no redis-server on this machine: apt-get install redis-server)')
    return
  }
  const server = await startRedis()
  const workers: StockflowChild[] = []
  try {
    const rows = await throughput(server, workers, options)
    const perJob = await perJobOverhead(server, workers)
    const prepared = preparedRunBench({ runs: options.runs, rounds: options.rounds })
    report(rows, perJob, prepared, options)
    await writeJson(resultsPath('queue.json'), {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      rounds: options.rounds,
      rows,
      perJob,
      prepared,
    })
    await writeResultsMd()
  } finally {
    await Promise.all(workers.map((w) => w.kill()))
    await server.stop()
  }
}

/** Runs per second of each configuration on the involution Monte Carlo. */
async function throughput(
  server: RedisServer,
  workers: StockflowChild[],
  options: { runs: number; rounds: number },
): Promise<QueueBenchRow[]> {
  const vary = involutionUncertainty()
  const vars = involution.elements.filter((e) => e.kind === 'stock').map((e) => e.name)
  const compiled = compile(involution)
  const threads = workerPool({ workers: 2 })
  const queue = await connectQueue({ redis: server.url })
  let jobs = 0
  const counting: Executor = {
    execute: (plan, onProgress) =>
      queue.execute(plan, onProgress).then((batches) => ((jobs = batches.length), batches)),
  }
  const run = (executor: Executor) =>
    monteCarlo(involution, { vary, runs: options.runs, seed: 1, vars, executor, method: 'euler' })
  try {
    // The queue configurations differ in how many worker processes serve it: the second starts later.
    workers.push(await startWorker(server.url))
    const configs: { label: string; executor: Executor }[] = [
      { label: 'this thread', executor: inProcess({ compiled }) },
      { label: '2 worker threads', executor: threads },
      { label: 'queue, 1 worker process', executor: counting },
    ]
    const first = await timeRounds(configs, run, options.rounds)
    workers.push(await startWorker(server.url))
    const second = await timeRounds(
      [
        { label: 'this thread', executor: inProcess({ compiled }) },
        { label: 'queue, 2 worker processes', executor: counting },
      ],
      run,
      options.rounds,
    )
    // Each row's speedup is against this thread timed in the same rounds.
    const row = (label: string, times: number[], base: number[]): QueueBenchRow => {
      const ms = median(times)
      return {
        config: label,
        runs: options.runs,
        jobs: label.startsWith('queue') ? jobs : 0,
        medianMs: ms,
        runsPerSecond: (options.runs / ms) * 1000,
        speedup: median(base) / ms,
      }
    }
    return [
      ...configs.map((c, i) => row(c.label, first[i]!, first[0]!)),
      row('queue, 2 worker processes', second[1]!, second[0]!),
    ]
  } finally {
    await queue.close()
    await threads.close()
  }
}

/**
 * Times every configuration once per round (order rotated), after one untimed run each that must give
 * the same bits as the first configuration's.
 */
async function timeRounds(
  configs: readonly { label: string; executor: Executor }[],
  run: (executor: Executor) => Promise<Ensemble>,
  rounds: number,
): Promise<number[][]> {
  let reference: Ensemble | undefined
  for (const c of configs) {
    const e = await run(c.executor)
    if (reference && !sameBits(reference, e)) throw new Error(`${c.label} differs from ${configs[0]!.label}`)
    reference ??= e
  }
  const times = configs.map(() => [] as number[])
  for (let round = 0; round < rounds; round++) {
    for (let j = 0; j < configs.length; j++) {
      const i = (round + j) % configs.length
      const t = performance.now()
      await run(configs[i]!.executor)
      times[i]!.push(performance.now() - t)
    }
  }
  return times
}

/**
 * What a job costs beyond its runs: the teacup (a run takes microseconds) with one run per job through
 * the queue and 2 worker processes, against the same runs in this thread, per job.
 */
async function perJobOverhead(server: RedisServer, _workers: StockflowChild[]): Promise<{ jobs: number; ms: number }> {
  const jobs = 400
  const vary = { 'Characteristic Time': uniform(5, 20) }
  const vars = ['Teacup Temperature']
  const queue = await connectQueue({ redis: server.url, runsPerJob: 1 })
  const run = (executor: Executor) =>
    monteCarlo(teacup as Model, { vary, runs: jobs, seed: 1, vars, executor, method: 'euler' })
  try {
    const times = await timeRounds(
      [
        { label: 'this thread', executor: inProcess() },
        { label: 'queue, one run per job', executor: queue },
      ],
      run,
      3,
    )
    return { jobs, ms: (median(times[1]!) - median(times[0]!)) / jobs }
  } finally {
    await queue.close()
  }
}

function report(
  rows: readonly QueueBenchRow[],
  perJob: { jobs: number; ms: number },
  prepared: readonly PreparedRunFigures[],
  options: { runs: number; rounds: number },
): void {
  console.log(`Involution Monte Carlo, ${options.runs} runs, ${options.rounds} rounds, ${os.cpus().length} CPUs`)
  for (const r of rows)
    console.log(
      `${r.config.padEnd(28)} ${r.medianMs.toFixed(0).padStart(7)} ms  ${r.runsPerSecond.toFixed(0).padStart(6)} runs/s  ${r.speedup.toFixed(2)}x${r.jobs ? `  (${r.jobs} jobs)` : ''}`,
    )
  console.log(`queue cost per job: ${perJob.ms.toFixed(2)} ms (${perJob.jobs} one-run jobs, 2 worker processes)`)
  for (const p of prepared)
    console.log(
      `${p.model}: simulate per run ${p.simulatePerSecond.toFixed(0)} runs/s, prepared run ${p.preparedPerSecond.toFixed(0)} runs/s (${p.speedup.toFixed(2)}x)`,
    )
}

function sameBits(a: Ensemble, b: Ensemble): boolean {
  if (a.values.length !== b.values.length || a.failures.length !== b.failures.length) return false
  for (let i = 0; i < a.values.length; i++) if (!Object.is(a.values[i], b.values[i])) return false
  return true
}

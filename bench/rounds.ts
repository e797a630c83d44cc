/**
 * Engines timed in alternating rounds in one process (`pnpm bench` and its World3 part): each round
 * benches every engine with tinybench, each sample the mean time per run of a batch of runs, and
 * keeps each engine's median sample; the order rotates every round and reverses every other cycle,
 * so drifts in machine speed hit all engines alike.
 */
import { Bench } from 'tinybench'
import type { FnReturnedObject } from 'tinybench'

/** Sum of every run's returned number, so no run's work can be dropped; read by {@link checksumIsNaN}. */
let checksum = 0

export function checksumIsNaN(): boolean {
  return Number.isNaN(checksum)
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Runs per tinybench sample so that a batch of `once` lasts about `micros`. */
export function batchSize(once: () => number, micros: number): number {
  const warm = performance.now() + 100
  while (performance.now() < warm) checksum += once()
  const n = 100
  const times: number[] = []
  for (let k = 0; k < 9; k++) {
    const t0 = performance.now()
    for (let i = 0; i < n; i++) checksum += once()
    times.push(((performance.now() - t0) * 1000) / n)
  }
  return Math.max(1, Math.round(micros / Math.max(median(times), 0.01)))
}

/** Round `r`'s order: every engine leads in turn, and the order reverses every other cycle. */
export function roundOrder<E>(engines: readonly E[], r: number): E[] {
  const rotated = engines.map((_, j) => engines[(j + r) % engines.length]!)
  return Math.floor(r / engines.length) % 2 ? rotated.reverse() : rotated
}

/** One round: every engine in `order`; the median of its per-run means, in µs. */
export function round<E extends string>(
  label: string,
  engines: Readonly<Record<E, () => number>>,
  order: readonly E[],
  batch: number,
  time: number,
  warmupTime: number,
): Record<E, number> {
  const bench = new Bench({ name: label, time, warmupTime, warmupIterations: 4, iterations: 16, throws: true })
  for (const engine of order) {
    const once = engines[engine]
    bench.add(
      engine,
      (): FnReturnedObject => {
        const start = bench.now()
        let s = 0
        for (let i = 0; i < batch; i++) s += once()
        const elapsed = bench.now() - start
        checksum += s
        return { overriddenDuration: elapsed / batch, overriddenIterationCost: elapsed }
      },
      { async: false },
    )
  }
  bench.runSync()
  const micros: Partial<Record<E, number>> = {}
  for (const task of bench.tasks) {
    const r = task.result
    if (r.state !== 'completed') throw new Error(`${label} ${task.name}: ${r.state}`)
    micros[task.name as E] = r.latency.p50 * 1000
  }
  return micros as Record<E, number>
}

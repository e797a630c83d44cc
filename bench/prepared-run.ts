/**
 * Per-run overhead of an ensemble in one thread: runs per second of one `simulate` per run (what
 * `runBatch` did, each run's series copied into the batch) against one prepared run (`prepareRun`,
 * each run written straight into the batch), on the involution Monte Carlo (its structural parameters
 * varied, its stocks kept) and on the teacup, where a run is so short that the overhead dominates.
 *
 * Both ways run the same values and seeds and must give the same bits. The two alternate within a
 * round (order swapped every round), and each figure is the median over rounds. Nothing is written:
 * `preparedRunBench` returns the figures (and the queue benchmark prints them).
 */
import { compile, prepareRun, simulate } from '@stockflow/solver'
import type { CompiledModel } from '@stockflow/solver'
import { StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import involution from '../seeds/involution/model.ts'
import teacup from '../seeds/teacup/model.ts'
import { isPolicyLever } from '../seeds/involution/levers.ts'

export interface PreparedRunFigures {
  readonly model: string
  readonly runs: number
  readonly names: number
  readonly vars: number
  readonly rows: number
  /** Runs that stop with a NaN (the same in both ways); they cost what they cost. */
  readonly failures: number
  /** Runs per second, the median over rounds, of one simulate per run. */
  readonly simulatePerSecond: number
  /** Runs per second, the median over rounds, of the prepared run. */
  readonly preparedPerSecond: number
  /** preparedPerSecond / simulatePerSecond. */
  readonly speedup: number
}

export interface PreparedRunBenchOptions {
  /** Runs per measurement (default 1000). */
  readonly runs?: number
  /** Rounds; each figure is the median over them (default 5). */
  readonly rounds?: number
}

interface Case {
  readonly label: string
  readonly model: Model
  readonly names: readonly string[]
  readonly vars: readonly string[]
  /** Each name's range: values are drawn uniformly from it. */
  readonly ranges: readonly (readonly [number, number])[]
}

/** The involution Monte Carlo (as `pnpm bench --montecarlo`: every structural parameter over its range) and the teacup. */
function cases(): Case[] {
  const params = involution.elements.flatMap((e) =>
    e.kind === 'param' && !isPolicyLever(e.name) && e.min !== undefined && e.max !== undefined && e.max > e.min
      ? [{ name: e.name, range: [e.min, e.max] as const }]
      : [],
  )
  return [
    {
      label: 'involution',
      model: involution,
      names: params.map((p) => p.name),
      vars: involution.elements.filter((e) => e.kind === 'stock').map((e) => e.name),
      ranges: params.map((p) => p.range),
    },
    {
      label: 'teacup',
      model: teacup,
      names: ['Characteristic Time', 'Room Temperature'],
      vars: ['Teacup Temperature', 'Heat Loss to Room', 'Room Temperature', 'Characteristic Time'],
      ranges: [
        [5, 20],
        [60, 80],
      ],
    },
  ]
}

/** Measures both ways on each case and returns the figures (and throws if they ever differ). */
export function preparedRunBench(options: PreparedRunBenchOptions = {}): PreparedRunFigures[] {
  const runs = options.runs ?? 1000
  const rounds = options.rounds ?? 5
  return cases().map((c) => measure(c, compile(c.model), runs, rounds))
}

function measure(c: Case, compiled: CompiledModel, runs: number, rounds: number): PreparedRunFigures {
  const k = c.names.length
  const values = new Float64Array(runs * k)
  let state = 12345
  // A small deterministic generator (an LCG), so both ways and every round see the same values.
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296
  for (let r = 0; r < runs; r++) {
    c.ranges.forEach(([lo, hi], j) => (values[r * k + j] = lo + (hi - lo) * next()))
  }
  const settings = { method: 'euler' as const }
  const prepared = prepareRun(compiled, { ...settings, names: c.names, vars: c.vars })
  const rows = prepared.rows
  const width = c.vars.length * rows
  const perSimulate = new Float64Array(runs * width)
  const perPrepared = new Float64Array(runs * width)

  const viaSimulate = () => {
    const set: Record<string, number> = {}
    for (let r = 0; r < runs; r++) {
      for (let j = 0; j < k; j++) set[c.names[j]!] = values[r * k + j]!
      try {
        const run = simulate(compiled, { ...settings, set, vars: c.vars, seed: r + 1 })
        for (let v = 0; v < c.vars.length; v++) perSimulate.set(run.series[v]!.values, r * width + v * rows)
      } catch (e) {
        if (!(e instanceof StockflowError)) throw e
        perSimulate.fill(NaN, r * width, (r + 1) * width)
        failed++
      }
    }
  }
  const row = new Float64Array(k)
  const viaPrepared = () => {
    for (let r = 0; r < runs; r++) {
      for (let j = 0; j < k; j++) row[j] = values[r * k + j]!
      try {
        prepared.run(row, perPrepared, r * width, { seed: r + 1 })
      } catch (e) {
        if (!(e instanceof StockflowError)) throw e
        perPrepared.fill(NaN, r * width, (r + 1) * width)
      }
    }
  }
  // Warm-up (JIT), then the check that both give the same bits. Runs that fail (a NaN) count too.
  let failed = 0
  viaSimulate()
  const failures = failed
  viaPrepared()
  const a = new BigUint64Array(perSimulate.buffer)
  const b = new BigUint64Array(perPrepared.buffer)
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) throw new Error(`${c.label}: the prepared run differs from simulate at value ${i}`)
  }
  const ms: [number[], number[]] = [[], []]
  const ways = [viaSimulate, viaPrepared]
  for (let round = 0; round < rounds; round++) {
    for (let w = 0; w < 2; w++) {
      const i = (round + w) % 2
      const t = performance.now()
      ways[i]!()
      ms[i]!.push(performance.now() - t)
    }
  }
  const simulatePerSecond = (runs / median(ms[0])) * 1000
  const preparedPerSecond = (runs / median(ms[1])) * 1000
  return {
    model: c.label,
    runs,
    names: k,
    vars: c.vars.length,
    rows,
    failures,
    simulatePerSecond,
    preparedPerSecond,
    speedup: preparedPerSecond / simulatePerSecond,
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** `npx tsx --conditions=@stockflow/source bench/prepared-run.ts`: prints the figures. */
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  for (const f of preparedRunBench()) {
    console.log(
      `${f.model.padEnd(11)} ${f.runs} runs, ${f.names} names, ${f.vars} vars x ${f.rows} rows, ${f.failures} failing: simulate ${f.simulatePerSecond.toFixed(0)} runs/s, prepared ${f.preparedPerSecond.toFixed(0)} runs/s (${f.speedup.toFixed(2)}x)`,
    )
  }
}

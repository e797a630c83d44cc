/**
 * stockflow against hand-written JavaScript on the shipped seeds (`pnpm bench`).
 *
 * Each model is compiled once; one stockflow run is `simulate(compiled, { method: 'euler' })`, which
 * stores every variable at every save point. The hand-written run is a plain Euler loop over the same
 * equations storing the same variables into Float64Arrays (bench/handwritten). The two must agree
 * (max abs diff < 1e-9) before anything is timed.
 *
 * The machine is noisy, so the engines alternate in one process: every round benches both engines on
 * a model with tinybench (order swapped every round), each sample being the mean time per run of a
 * batch of runs. We keep each round's median per engine and report the ratio stockflow/hand-written
 * as the median of the per-round ratios.
 *
 * Options: --rounds N (default 12), --time MS per engine per round (default 100), --out FILE.
 */
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel, Run } from '@stockflow/solver'
import type { Model } from '@stockflow/model'
import { format, resolveConfig } from 'prettier'
import { Bench } from 'tinybench'
import type { FnReturnedObject } from 'tinybench'
import teacupModel from '../seeds/teacup/model.ts'
import sirModel from '../seeds/SIR/model.ts'
import { teacup } from './handwritten/teacup.ts'
import { sir } from './handwritten/sir.ts'

type Engine = 'hand-written' | 'stockflow'

interface Case {
  readonly model: string
  readonly compiled: CompiledModel
  readonly handwritten: () => Record<string, Float64Array>
  readonly variables: number
  /** Euler steps; rows = steps + 1. */
  readonly steps: number
  readonly rows: number
}

export interface ResultRow {
  readonly engine: Engine
  readonly model: string
  readonly variables: number
  readonly steps: number
  readonly medianMicros: number
  readonly ratio: number
}

let checksum = 0

const TOLERANCE = 1e-9
/** A tinybench sample times a batch of runs lasting about this long, well above the timer's grain. */
const BATCH_MICROS = 200

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

function options(): { rounds: number; time: number; out: string } {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      rounds: { type: 'string', default: '12' },
      time: { type: 'string', default: '100' },
      out: { type: 'string', default: fileURLToPath(new URL('results.json', import.meta.url)) },
    },
  })
  const rounds = Number(values.rounds)
  const time = Number(values.time)
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer`)
  if (!(time > 0)) throw new Error(`--time must be a positive number of milliseconds`)
  return { rounds, time, out: values.out }
}

function makeCase(model: Model, handwritten: () => Record<string, Float64Array>): Case {
  const compiled = compile(model)
  const { start, stop, dt } = model.time
  const steps = Math.floor((stop - start) / dt + 1e-9)
  return { model: model.name, compiled, handwritten, variables: compiled.variables.length, steps, rows: steps + 1 }
}

/** Throws unless both engines give the same variables, rows and values (max abs diff < 1e-9). */
function checkAgreement(c: Case): number {
  const run: Run = simulate(c.compiled, { method: 'euler' })
  const hand = c.handwritten()
  const names = Object.keys(hand)
  if (names.length !== run.names.length || names.length !== c.variables) {
    throw new Error(`${c.model}: hand-written has ${names.length} variables, stockflow ${run.names.length}`)
  }
  let worst = 0
  for (const name of names) {
    const a = run.get(name)
    const b = hand[name]!
    if (a.length !== c.rows || b.length !== c.rows) {
      throw new Error(`${c.model}: ${name} has ${a.length} rows in stockflow, ${b.length} hand-written`)
    }
    for (let i = 0; i < c.rows; i++) {
      const d = Math.abs(a[i]! - b[i]!)
      if (!(d < TOLERANCE)) throw new Error(`${c.model}: ${name} differs by ${d} at row ${i}`)
      worst = Math.max(worst, d)
    }
  }
  return worst
}

/** Runs per tinybench sample so that a batch of hand-written runs lasts about BATCH_MICROS. */
function batchSize(c: Case): number {
  const once = runner(c, 'hand-written')
  const warm = performance.now() + 100
  while (performance.now() < warm) checksum += once()
  const n = 100
  const times: number[] = []
  for (let k = 0; k < 9; k++) {
    const t0 = performance.now()
    for (let i = 0; i < n; i++) checksum += once()
    times.push(((performance.now() - t0) * 1000) / n)
  }
  return Math.max(1, Math.round(BATCH_MICROS / Math.max(median(times), 0.01)))
}

/** One run of an engine, returning a number taken from its output so the work cannot be dropped. */
function runner(c: Case, engine: Engine): () => number {
  const last = c.rows - 1
  if (engine === 'stockflow') {
    const { compiled } = c
    return () => simulate(compiled, { method: 'euler' }).series[0]!.values[last]!
  }
  const { handwritten } = c
  const first = Object.keys(handwritten())[0]!
  return () => handwritten()[first]![last]!
}

/** One round on one model: both engines in the given order; medians of the per-run means, in µs. */
function round(c: Case, order: readonly Engine[], batch: number, time: number, warmupTime: number) {
  const bench = new Bench({ name: `${c.model}`, time, warmupTime, warmupIterations: 4, iterations: 16, throws: true })
  for (const engine of order) {
    const once = runner(c, engine)
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
  const micros = {} as Record<Engine, number>
  for (const task of bench.tasks) {
    const r = task.result
    if (r.state !== 'completed') throw new Error(`${c.model} ${task.name}: ${r.state}`)
    micros[task.name as Engine] = r.latency.p50 * 1000
  }
  return micros
}

function table(rows: readonly ResultRow[]): string {
  const head = ['engine', 'model', 'variables', 'steps', 'median µs/run', 'ratio']
  const body = rows.map((r) => [
    r.engine,
    r.model,
    String(r.variables),
    String(r.steps),
    r.medianMicros.toFixed(2),
    `${r.ratio.toFixed(2)}x`,
  ])
  const widths = head.map((h, j) => Math.max(h.length, ...body.map((b) => b[j]!.length)))
  const line = (cells: readonly string[]) =>
    cells.map((x, j) => (j < 2 ? x.padEnd(widths[j]!) : x.padStart(widths[j]!))).join('  ')
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n')
}

async function main(): Promise<void> {
  const { rounds, time, out } = options()
  const cases = [makeCase(teacupModel, teacup), makeCase(sirModel, sir)]
  for (const c of cases) {
    const worst = checkAgreement(c)
    console.log(`${c.model}: stockflow and hand-written agree (max abs diff ${worst.toExponential(1)})`)
  }

  const rows: ResultRow[] = []
  const roundRatios: Record<string, number[]> = {}
  for (const c of cases) {
    const batch = batchSize(c)
    const hand: number[] = []
    const sf: number[] = []
    const ratios: number[] = []
    for (let r = 0; r < rounds; r++) {
      const order: Engine[] = r % 2 === 0 ? ['hand-written', 'stockflow'] : ['stockflow', 'hand-written']
      const m = round(c, order, batch, time, r === 0 ? 250 : 20)
      hand.push(m['hand-written'])
      sf.push(m.stockflow)
      ratios.push(m.stockflow / m['hand-written'])
    }
    process.stdout.write(`${c.model}: ${rounds} rounds of ${batch}-run batches\n`)
    roundRatios[c.model] = ratios.map((x) => Number(x.toFixed(3)))
    const base = { model: c.model, variables: c.variables, steps: c.steps }
    rows.push({ engine: 'hand-written', ...base, medianMicros: median(hand), ratio: 1 })
    rows.push({ engine: 'stockflow', ...base, medianMicros: median(sf), ratio: median(ratios) })
  }
  if (Number.isNaN(checksum)) console.log('checksum is NaN')

  console.log()
  console.log(table(rows))
  const rounded = rows.map((r) => ({
    ...r,
    medianMicros: Number(r.medianMicros.toFixed(3)),
    ratio: Number(r.ratio.toFixed(3)),
  }))
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    rounds,
    timePerEngineMs: time,
    rows: rounded,
    roundRatios,
  }
  // Formatted as the repository's prettier would, so `prettier --check` passes on the committed file.
  const json = await format(JSON.stringify(result), { ...(await resolveConfig(out)), parser: 'json' })
  writeFileSync(out, json)
  console.log(`\nwrote ${out}`)
}

await main()

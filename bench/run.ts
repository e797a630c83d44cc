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
 * Then World3-03 against SDEverywhere's JS target (bench/world3.ts), when the corpus is there.
 *
 * Options: --rounds N (default 12), --time MS per engine per round (default 100), --out FILE,
 * --corpus DIR (the folder holding test-models/ and world3/; default STOCKFLOW_CORPUS), --world3
 * (only the World3 part; --out then names its JSON, and RESULTS.md is left alone).
 */
import os from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel, Run } from '@stockflow/solver'
import { canonicalId } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import teacupModel from '../seeds/teacup/model.ts'
import sirModel from '../seeds/SIR/model.ts'
import involutionModel from '../seeds/involution/model.ts'
import { teacup } from './handwritten/teacup.ts'
import { sir } from './handwritten/sir.ts'
import { INVOLUTION_OUTPUTS, involution } from './handwritten/involution.ts'
import { corpusPath } from '../test/support/corpus.ts'
import { loadSde } from './sdeverywhere.ts'
import type { SdeModel } from './sdeverywhere.ts'
import { adaptive } from './adaptive.ts'
import { scaling } from './scaling.ts'
import { arrayScaling } from './array-scaling.ts'
import { montecarloBench } from './montecarlo.ts'
import { queueBench } from './queue.ts'
import { writeJson, writeResultsMd } from './report.ts'
import { world3Bench } from './world3.ts'
import { batchSize, checksumIsNaN, median, round, roundOrder } from './rounds.ts'

const WORLD3_JSON = fileURLToPath(new URL('world3.json', import.meta.url))

type Engine = 'hand-written' | 'stockflow' | 'sdeverywhere-js'

interface Case {
  readonly model: string
  readonly variables: number
  /** Euler steps; rows = steps + 1. */
  readonly steps: number
  /** One run of each engine, returning a number taken from its output so the work cannot be dropped. */
  readonly engines: Partial<Record<Engine, () => number>> & { readonly 'hand-written': () => number }
}

export interface ResultRow {
  readonly engine: Engine
  readonly model: string
  readonly variables: number
  readonly steps: number
  readonly medianMicros: number
  readonly ratio: number
}

/** Engines agree within this, relative to the value (absolute below 1). */
const TOLERANCE = 1e-9
/** A tinybench sample times a batch of runs lasting about this long, well above the timer's grain. */
const BATCH_MICROS = 200

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      rounds: { type: 'string', default: '12' },
      time: { type: 'string', default: '100' },
      out: { type: 'string' },
      corpus: { type: 'string' },
      scaling: { type: 'boolean', default: false },
      arrays: { type: 'boolean', default: false },
      adaptive: { type: 'boolean', default: false },
      montecarlo: { type: 'boolean', default: false },
      queue: { type: 'boolean', default: false },
      world3: { type: 'boolean', default: false },
      'mc-runs': { type: 'string', default: '1000' },
      quick: { type: 'boolean', default: false },
    },
  })
  const rounds = Number(values.rounds)
  const time = Number(values.time)
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer`)
  if (!(time > 0)) throw new Error(`--time must be a positive number of milliseconds`)
  return { ...values, rounds, time }
}

/**
 * Throws unless `actual` has every series of `expected` with the same rows and values (within
 * TOLERANCE); names compare as ids (case, spaces and underscores alike). Returns the worst difference.
 */
function agree(label: string, actual: Record<string, Float64Array>, expected: Record<string, Float64Array>): number {
  const byId = new Map(Object.entries(actual).map(([k, v]) => [canonicalId(k), v]))
  let worst = 0
  for (const [name, b] of Object.entries(expected)) {
    const a = byId.get(canonicalId(name))
    if (!a) throw new Error(`${label}: no output ${name}`)
    if (a.length !== b.length) throw new Error(`${label}: ${name} has ${a.length} rows, hand-written ${b.length}`)
    for (let i = 0; i < b.length; i++) {
      const d = Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!))
      if (!(d <= TOLERANCE)) throw new Error(`${label}: ${name} differs by ${d} at row ${i}: ${a[i]} vs ${b[i]}`)
      worst = Math.max(worst, d)
    }
  }
  if (byId.size !== Object.keys(expected).length)
    throw new Error(`${label}: ${byId.size} outputs, hand-written ${Object.keys(expected).length}`)
  return worst
}

function series(run: Run): Record<string, Float64Array> {
  return Object.fromEntries(run.series.map((s) => [s.name, s.values]))
}

/**
 * A model benched against its hand-written loop: stockflow stores `vars` (default every variable),
 * SDEverywhere (when given) runs the corpus's XMILE of the same model. Checks agreement first.
 */
function makeCase(
  model: Model,
  handwritten: () => Record<string, Float64Array>,
  vars?: readonly string[],
  sde?: SdeModel,
): Case {
  const compiled: CompiledModel = compile(model)
  const { start, stop, dt } = model.time
  const steps = Math.floor((stop - start) / dt + 1e-9)
  const opts = { method: 'euler' as const, ...(vars ? { vars } : {}) }
  const hand = handwritten()
  const names = Object.keys(hand)
  const w = agree(`${model.name} stockflow`, series(simulate(compiled, opts)), hand)
  console.log(
    `${model.name}: stockflow and hand-written agree on ${names.length} variables (worst ${w.toExponential(1)})`,
  )
  if (sde) {
    const ws = agree(`${model.name} SDEverywhere`, sde.series(), hand)
    console.log(`${model.name}: SDEverywhere and hand-written agree (worst ${ws.toExponential(1)})`)
  }
  const rows = hand[names[0]!]!.length
  const last = rows - 1
  const first = names[0]!
  return {
    model: model.name,
    variables: names.length,
    steps,
    engines: {
      'hand-written': () => handwritten()[first]![last]!,
      stockflow: () => simulate(compiled, opts).series[0]!.values[last]!,
      ...(sde ? { 'sdeverywhere-js': sde.run } : {}),
    },
  }
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
  const opts = options()
  if (opts.scaling) {
    await scaling({ quick: opts.quick })
    return void (await arrayScaling({ quick: opts.quick }))
  }
  if (opts.arrays) return void (await arrayScaling({ quick: opts.quick }))
  if (opts.adaptive) return void (await adaptive())
  if (opts.montecarlo)
    return void (await montecarloBench({ runs: Number(opts['mc-runs']), rounds: Math.min(opts.rounds, 5) }))
  if (opts.queue) return void (await queueBench({ runs: Number(opts['mc-runs']), rounds: Math.min(opts.rounds, 5) }))
  const { rounds, time } = opts
  const world3 = (out: string) => world3Bench({ corpus: opts.corpus, rounds, time, out, writeMd: out === WORLD3_JSON })
  if (opts.world3) return void (await world3(opts.out ?? WORLD3_JSON))
  const out = opts.out ?? fileURLToPath(new URL('results.json', import.meta.url))
  const sde: Record<string, SdeModel | undefined> = {}
  const samples = opts.corpus ? join(resolve(opts.corpus), 'test-models/samples') : corpusPath('test-models', 'samples')
  for (const [label, file] of [
    ['teacup', 'teacup/teacup.xmile'],
    ['SIR', 'SIR/SIR.xmile'],
  ] as const) {
    if (!samples) {
      console.log(`SDEverywhere on ${label}: skipped (no corpus: set STOCKFLOW_CORPUS or pass --corpus DIR)`)
      continue
    }
    const m = await loadSde(join(samples, file))
    if (typeof m === 'string') console.log(`SDEverywhere on ${label}: skipped (${m})`)
    else sde[label] = m
  }
  const cases = [
    makeCase(teacupModel, teacup, undefined, sde['teacup']),
    makeCase(sirModel, sir, undefined, sde['SIR']),
    makeCase(involutionModel, involution, INVOLUTION_OUTPUTS),
  ]

  const rows: ResultRow[] = []
  const roundRatios: Record<string, Record<string, number[]>> = {}
  for (const c of cases) {
    const batch = batchSize(c.engines['hand-written'], BATCH_MICROS)
    const engines = Object.keys(c.engines) as Engine[]
    const micros = Object.fromEntries(engines.map((e) => [e, [] as number[]])) as Record<Engine, number[]>
    const ratios = Object.fromEntries(engines.map((e) => [e, [] as number[]])) as Record<Engine, number[]>
    for (let r = 0; r < rounds; r++) {
      const m = round(
        c.model,
        c.engines as Record<Engine, () => number>,
        roundOrder(engines, r),
        batch,
        time,
        r === 0 ? 250 : 20,
      )
      for (const e of engines) {
        micros[e].push(m[e]!)
        ratios[e].push(m[e]! / m['hand-written']!)
      }
    }
    process.stdout.write(`${c.model}: ${rounds} rounds of ${batch}-run batches\n`)
    roundRatios[c.model] = Object.fromEntries(
      engines.filter((e) => e !== 'hand-written').map((e) => [e, ratios[e].map((x) => Number(x.toFixed(3)))]),
    )
    const base = { model: c.model, variables: c.variables, steps: c.steps }
    for (const e of engines)
      rows.push({ engine: e, ...base, medianMicros: median(micros[e]), ratio: median(ratios[e]) })
  }
  if (checksumIsNaN()) console.log('checksum is NaN')

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
  await writeJson(out, result)
  console.log(`\nwrote ${out}`)
  await writeResultsMd()
  // World3 writes its own file: beside --out when one is given.
  console.log()
  await world3(opts.out ? join(dirname(resolve(out)), 'world3.json') : WORLD3_JSON)
}

await main()

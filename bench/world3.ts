/**
 * World3-03 (`pnpm bench --world3`): stockflow against SDEverywhere's JS target on the same `.mdl`,
 * alternating in one process, and the time to read and compile it; then the parse time of a generated
 * 1.5 MB `.mdl`. The model is not part of the repository: it is read from `world3/` in the folder
 * `--corpus DIR` or STOCKFLOW_CORPUS names, and this part is skipped with a message without one.
 *
 * A run: stockflow's `simulate(compiled, { method: 'euler', vars })` and SDEverywhere's
 * `runModelSync` with the same outputs (the series Vensim saved), each compiled once. Both runs are
 * checked against Vensim's before anything is timed, and the count of matching series printed.
 */
import os from 'node:os'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { canonicalId } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import { importMdl, parseMdl } from '@stockflow/vensim'
import { corpusPath } from '../test/support/corpus.ts'
import {
  WORLD3_MODEL,
  WORLD3_VENSIM_RUN,
  byCanonicalId,
  compareWithVensim,
  describeFailures,
  readVensimRun,
  withControls,
} from '../test/support/world3.ts'
import type { Comparison } from '../test/support/world3.ts'
import { bigMdl } from './big-mdl.ts'
import { writeJson, writeResultsMd } from './report.ts'
import { batchSize, checksumIsNaN, median, round, roundOrder } from './rounds.ts'
import { loadSdeVensim } from './sdeverywhere.ts'

type Engine = 'stockflow' | 'sdeverywhere-js'

/** A stockflow run of World3 is about 0.1 ms: a sample's batch lasts about this long. */
const BATCH_MICROS = 2000
/** The generated model's size (the issue's goal: parsed in under a second). */
const BIG_BYTES = 1_500_000

/** The issue's goals, checked and printed. */
const GOALS = { speedup: 8, importCompileMs: 300, parseMs: 100, bigParseMs: 1000 }

export interface World3Options {
  readonly corpus?: string
  readonly rounds: number
  readonly time: number
  /** Where world3.json goes; RESULTS.md is rewritten only when it is the bench's own file. */
  readonly out: string
  readonly writeMd: boolean
}

/** Milliseconds of one call of `f`, and its result. */
function timed<T>(f: () => T): [number, T] {
  const t0 = performance.now()
  const v = f()
  return [performance.now() - t0, v]
}

/** Median milliseconds of `n` calls of `f` (after the calls already made). */
function medianMs(n: number, f: () => unknown): number {
  const ms: number[] = []
  for (let k = 0; k < n; k++) ms.push(timed(f)[0])
  return median(ms)
}

function summary(label: string, c: Comparison): { compared: number; failing: string[]; missing: string[] } {
  const ok = c.series.length - c.failing.length
  console.log(`World3 ${label}: ${ok} of ${c.series.length + c.missing.length} Vensim series within tolerance`)
  for (const line of describeFailures(c).slice(0, 12)) console.log(`  ${line}`)
  if (c.failing.length > 12) console.log(`  ... and ${c.failing.length - 12} more`)
  if (c.missing.length) console.log(`  not in the run: ${c.missing.join(', ')}`)
  return { compared: c.series.length, failing: c.failing.map((s) => s.name), missing: [...c.missing] }
}

/** Says how many definitions a parse read, and its first problems if it had any (a timing of a failed parse means little). */
function problems(label: string, tree: ReturnType<typeof parseMdl>): void {
  const n = tree.problems.length
  console.log(`${label}: ${tree.definitions.length} definitions read, ${n} problem${n === 1 ? '' : 's'}`)
  for (const p of tree.problems.slice(0, 5)) console.log(`  line ${p.pos.line}: ${p.variable ?? ''} ${p.message}`)
}

const ms = (x: number) => Number(x.toFixed(2))
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED')

/** The World3 part of the bench; returns without timing anything when the corpus is absent. */
export async function world3Bench(opts: World3Options): Promise<void> {
  const folder = opts.corpus ? join(resolve(opts.corpus), 'world3') : corpusPath('world3')
  if (!folder) {
    console.log('World3: skipped (no corpus: set STOCKFLOW_CORPUS or pass --corpus DIR)')
    return
  }
  const file = join(folder, WORLD3_MODEL)
  const bytes = readFileSync(file)

  // Reading and compiling, first as a one-off command pays it (cold), then warm.
  const [coldImportMs, imported] = timed(() => importMdl(bytes, file))
  const [coldCompileMs, compiled] = timed(() => {
    const c = compile(imported.model)
    c.loop('euler')
    return c
  })
  problems('World3', parseMdl(bytes, file))
  const parseMs = medianMs(21, () => parseMdl(bytes, file))
  const importMs = medianMs(21, () => importMdl(bytes, file))
  const compileMs = medianMs(21, () => compile(imported.model).loop('euler'))
  const vensim = readVensimRun(join(folder, WORLD3_VENSIM_RUN))
  const ids = new Set(compiled.variables.map((v) => v.id))
  const outputs = [...vensim.columns.values()].map((c) => c.name).filter((n) => ids.has(canonicalId(n)))
  const [sdeCompileMs, sde] = await timedAsync(() => loadSdeVensim(file, outputs))
  if (typeof sde === 'string') throw new Error(`World3: SDEverywhere: ${sde}`)
  console.log(
    `World3 (${(bytes.length / 1024).toFixed(0)} KB): parse ${parseMs.toFixed(1)} ms, import (parse included) ` +
      `${importMs.toFixed(1)} ms, compile ${compileMs.toFixed(1)} ms; first import + compile in this process ` +
      `${(coldImportMs + coldCompileMs).toFixed(1)} ms; SDEverywhere parse + generate ${sdeCompileMs.toFixed(0)} ms`,
  )

  // Both engines against Vensim's run, on the series both have.
  const runOptions = { method: 'euler' as const, vars: outputs }
  const run = simulate(compiled, runOptions)
  // Vensim also saved its four control-section values; stockflow's clock stands for them.
  const withClock = (f: Parameters<typeof withControls>[0]) => withControls(f, run.meta, run.times.length)
  const ours = summary(
    'stockflow',
    compareWithVensim(vensim, run.times, withClock(byCanonicalId(run.series.map((s) => [s.name, s.values])))),
  )
  const sdeSeries = sde.series()
  const theirs = summary(
    'SDEverywhere',
    compareWithVensim(vensim, run.times, withClock(byCanonicalId(Object.entries(sdeSeries)))),
  )
  const apart = farthestApart(
    run.series.map((s) => [s.name, s.values]),
    sdeSeries,
  )
  console.log(
    `World3 stockflow against SDEverywhere: farthest apart ${apart.name}, ${apart.gap.toExponential(2)} of its largest value`,
  )

  // The runs, alternating.
  const last = run.times.length - 1
  const engines: Record<Engine, () => number> = {
    stockflow: () => simulate(compiled, runOptions).series[0]!.values[last]!,
    'sdeverywhere-js': sde.run,
  }
  const order: Engine[] = ['stockflow', 'sdeverywhere-js']
  const batch = batchSize(engines.stockflow, BATCH_MICROS)
  const micros: Record<Engine, number[]> = { stockflow: [], 'sdeverywhere-js': [] }
  const speedups: number[] = []
  for (let r = 0; r < opts.rounds; r++) {
    const m = round('World3', engines, roundOrder(order, r), batch, opts.time, r === 0 ? 250 : 20)
    for (const e of order) micros[e].push(m[e])
    speedups.push(m['sdeverywhere-js'] / m.stockflow)
  }
  if (checksumIsNaN()) console.log('checksum is NaN')
  const speedup = median(speedups)

  // A generated 1.5 MB model: parse, and import + compile (its size is what a parse must stay linear in).
  const big = bigMdl(BIG_BYTES)
  const [bigColdParseMs, bigTree] = timed(() => parseMdl(big.text, 'big.mdl'))
  problems('generated .mdl', bigTree)
  const bigParseMs = medianMs(5, () => parseMdl(big.text, 'big.mdl'))
  let bigImportCompileMs: number | string
  try {
    bigImportCompileMs = timed(() => compile(importMdl(big.text, 'big.mdl').model).loop('euler'))[0]
  } catch (err) {
    bigImportCompileMs = `failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`
  }

  const steps = last
  console.log()
  console.log(`World3, ${outputs.length} outputs, ${steps} Euler steps, ${opts.rounds} rounds of ${batch}-run batches:`)
  console.log(`  stockflow        ${median(micros.stockflow).toFixed(1).padStart(9)} µs/run`)
  console.log(
    `  sdeverywhere-js  ${median(micros['sdeverywhere-js']).toFixed(1).padStart(9)} µs/run  ` +
      `${speedup.toFixed(2)}x stockflow's time (goal >= ${GOALS.speedup}x: ${mark(speedup >= GOALS.speedup)})`,
  )
  const importCompile = coldImportMs + coldCompileMs
  console.log(
    `  parse + compile: first ${importCompile.toFixed(1)} ms, warm ${(importMs + compileMs).toFixed(1)} ms ` +
      `(goal < ${GOALS.importCompileMs} ms: ${mark(importCompile < GOALS.importCompileMs)})`,
  )
  console.log(`  parse: ${parseMs.toFixed(1)} ms (goal < ${GOALS.parseMs} ms: ${mark(parseMs < GOALS.parseMs)})`)
  console.log(
    `Generated .mdl, ${(big.text.length / 1e6).toFixed(2)} MB (${big.sectors} sectors): parse first ` +
      `${bigColdParseMs.toFixed(0)} ms, median ${bigParseMs.toFixed(0)} ms (goal < ${GOALS.bigParseMs} ms: ` +
      `${mark(Math.max(bigColdParseMs, bigParseMs) < GOALS.bigParseMs)}); import + compile ` +
      `${typeof bigImportCompileMs === 'number' ? `${bigImportCompileMs.toFixed(0)} ms` : bigImportCompileMs}`,
  )

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    rounds: opts.rounds,
    timePerEngineMs: opts.time,
    outputs: outputs.length,
    steps,
    run: order.map((e) => ({
      engine: e,
      medianMicros: ms(median(micros[e])),
      ratio: e === 'stockflow' ? 1 : Number(speedup.toFixed(3)),
    })),
    roundSpeedups: speedups.map((x) => Number(x.toFixed(3))),
    read: {
      bytes: bytes.length,
      parseMs: ms(parseMs),
      importMs: ms(importMs),
      compileMs: ms(compileMs),
      firstImportCompileMs: ms(importCompile),
      sdeParseGenerateMs: ms(sdeCompileMs),
    },
    big: {
      bytes: big.text.length,
      sectors: big.sectors,
      parseMs: ms(bigParseMs),
      firstParseMs: ms(bigColdParseMs),
      importCompileMs: typeof bigImportCompileMs === 'number' ? ms(bigImportCompileMs) : bigImportCompileMs,
    },
    accuracy: { stockflow: ours, 'sdeverywhere-js': theirs, farthestApart: apart },
  }
  await writeJson(opts.out, result)
  console.log(`\nwrote ${opts.out}`)
  if (opts.writeMd) await writeResultsMd()
}

/** The series on which two runs differ most, as max |a − b| over the series' largest |b|. */
function farthestApart(
  ours: readonly (readonly [string, Float64Array])[],
  theirs: Record<string, Float64Array>,
): { name: string; gap: number } {
  let worst = { name: '', gap: 0 }
  const byId = byCanonicalId(Object.entries(theirs))
  for (const [name, a] of ours) {
    const b = byId(name)
    if (!b) continue
    let diff = 0
    let largest = 0
    for (let i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i]! - b[i]!))
      largest = Math.max(largest, Math.abs(b[i]!))
    }
    const gap = diff === 0 ? 0 : diff / (largest || 1)
    if (gap > worst.gap || Number.isNaN(gap)) worst = { name, gap }
  }
  return worst
}

async function timedAsync<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now()
  const v = await f()
  return [performance.now() - t0, v]
}

/**
 * Scaling (`pnpm bench --scaling`): generated models of 10 to 100k variables (bench/models.ts),
 * compile time and Euler run time per variable-step, every variable stored at every step. A run does
 * about WORK variable-steps (at least MIN_STEPS steps), so every size stores about as many values per
 * run (2M, 16 MB) and small and large models are timed alike. A run is read as a sweep reads it:
 * one variable's values (`get`), not a view per variable.
 *
 * V8 optimises generated code only after it has run for a while: so each size is first run for
 * WARM_STEPS steps in all (`firstRunNs` is the first of those runs, what a one-off run costs), then
 * timed over further runs (the median is `nsPerVarStep`, what repeated runs such as sweeps cost), in
 * rounds that run every size of a family once each, with a collection of the young generation
 * before every timed run (untimed), so that no run pays for the garbage of the one before, a larger
 * model's perhaps (a full collection instead disturbed the runs after it: up to 5x slower).
 * `oneVarNs` times the same runs keeping one variable (`vars`), alternating with them: the cost of
 * computing alone, without writing every value out. `--quick`: fewer runs and no 100k.
 */
import { compile, simulate } from '@stockflow/solver'
import { chain } from './handwritten/chain.ts'
import { gcFunction } from './gc.ts'
import { FAMILIES, generate } from './models.ts'
import { writeJson, writeResultsMd, resultsPath } from './report.ts'

const SIZES = [10, 100, 1_000, 10_000, 100_000]
/** Variable-steps per timed run. */
const WORK = 2_000_000
const MIN_STEPS = 20
const WARM_STEPS = 1_500
/**
 * Timed runs of each kind per size. Storing every value allocates 16 MB per run, and whether the
 * allocator hands back touched or fresh pages, or a collection falls in the run, varies from run to
 * run: with 5 runs the median moved by 2x between two benches; 21 settle it.
 */
const TIMED_RUNS = 21

export interface ScalingRow {
  readonly family: string
  readonly variables: number
  /** Slots of the state vector: variables plus internal stocks of SMOOTH/DELAY. */
  readonly slots: number
  readonly steps: number
  readonly compileMs: number
  readonly nsPerVarStep: number
  readonly firstRunNs: number
  /** Like nsPerVarStep, keeping one variable: computing without storing. */
  readonly oneVarNs: number
  /** The chain written by hand (bench/handwritten/chain.ts), every variable stored, timed alongside. */
  readonly handNs?: number
}

/** Throws unless the hand-written chain and stockflow's run agree on every stock's last value. */
function checkChain(run: ReturnType<typeof simulate>, hand: ReturnType<typeof chain>, steps: number): void {
  hand.stocks.forEach((values, i) => {
    const ours = run.get(`s${i}`)[steps]!
    const theirs = values[steps]!
    if (Math.abs(ours - theirs) > 1e-9 * Math.max(1, Math.abs(theirs))) {
      throw new Error(`chain: stock s${i} ends at ${ours} in stockflow and ${theirs} by hand`)
    }
  })
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Per family, how far run time per variable-step moves between 100 variables and the largest size. */
export interface ScalingSpread {
  readonly family: string
  /** Slowest over fastest of nsPerVarStep from 100 variables up. */
  readonly stored: number
  /** The same of oneVarNs. */
  readonly computing: number
}

interface Timed {
  readonly n: number
  readonly steps: number
  readonly compiled: ReturnType<typeof compile>
  readonly compileMs: number
  readonly firstMs: number
  readonly runs: number[]
  readonly oneVar: number[]
  readonly hand: number[]
}

export async function scaling({ quick = false } = {}): Promise<ScalingRow[]> {
  const rows: ScalingRow[] = []
  const spreads: ScalingSpread[] = []
  const sizes = quick ? SIZES.slice(0, 4) : SIZES
  const gc = gcFunction()
  let sink = 0
  for (const family of FAMILIES) {
    // Compile and warm every size, then time them in rounds, each round running every size once:
    // the machine's slow spells then fall on all sizes alike, and their ratios hold.
    const timed: Timed[] = sizes.map((n) => {
      const steps = Math.max(MIN_STEPS, Math.round(WORK / n))
      const model = generate(family, n, steps)
      const compiles: number[] = []
      let compiled = compile(model)
      for (let k = 0; k < (n >= 100_000 || (quick && n >= 10_000) ? 1 : n >= 10_000 ? 3 : 5); k++) {
        const t0 = performance.now()
        compiled = compile(model)
        // The first run generates the stepping loop: part of what compiling costs a user.
        compiled.loop('euler')
        compiles.push(performance.now() - t0)
      }
      if (family === 'chain') checkChain(simulate(compiled, { method: 'euler' }), chain(n, steps), steps)
      const id = compiled.variables[0]!.id
      let firstMs = NaN
      for (let k = 0; k < Math.max(2, Math.ceil(WARM_STEPS / steps)); k++) {
        const t0 = performance.now()
        sink += simulate(compiled, { method: 'euler' }).get(id)[steps]!
        if (k === 0) firstMs = performance.now() - t0
      }
      return { n, steps, compiled, compileMs: median(compiles), firstMs, runs: [], oneVar: [], hand: [] }
    })
    for (let k = 0; k < (quick ? 5 : TIMED_RUNS); k++) {
      for (const t of timed) {
        const id = t.compiled.variables[0]!.id
        gc({ type: 'minor' })
        const t0 = performance.now()
        sink += simulate(t.compiled, { method: 'euler' }).get(id)[t.steps]!
        t.runs.push(performance.now() - t0)
        gc({ type: 'minor' })
        const t1 = performance.now()
        sink += simulate(t.compiled, { method: 'euler', vars: [id] }).get(id)[t.steps]!
        t.oneVar.push(performance.now() - t1)
        if (family === 'chain') {
          gc({ type: 'minor' })
          const t2 = performance.now()
          sink += chain(t.n, t.steps).stocks[0]![t.steps]!
          t.hand.push(performance.now() - t2)
        }
      }
    }
    const familyRows = timed.map((t): ScalingRow => {
      const variables = t.compiled.variables.length
      const perVarStep = (ms: number) => Number(((ms * 1e6) / (variables * (t.steps + 1))).toFixed(2))
      const row = {
        family,
        variables,
        slots: t.compiled.program.slots.length,
        steps: t.steps,
        compileMs: Number(t.compileMs.toFixed(2)),
        nsPerVarStep: perVarStep(median(t.runs)),
        firstRunNs: perVarStep(t.firstMs),
        oneVarNs: perVarStep(median(t.oneVar)),
        ...(t.hand.length ? { handNs: perVarStep(median(t.hand)) } : {}),
      }
      console.log(
        `${family.padEnd(12)} ${String(variables).padStart(7)} vars ${String(row.slots).padStart(7)} slots  compile ${row.compileMs.toFixed(1).padStart(8)} ms  run ${row.nsPerVarStep.toFixed(1).padStart(6)} ns/var-step (first run ${row.firstRunNs.toFixed(1)}, keeping one variable ${row.oneVarNs.toFixed(1)}${row.handNs === undefined ? '' : `, hand-written ${row.handNs.toFixed(1)}`})`,
      )
      return row
    })
    rows.push(...familyRows)
    const from100 = familyRows.filter((r) => r.variables >= 100)
    const spread = (pick: (r: ScalingRow) => number) =>
      Number((Math.max(...from100.map(pick)) / Math.min(...from100.map(pick))).toFixed(2))
    const s = { family, stored: spread((r) => r.nsPerVarStep), computing: spread((r) => r.oneVarNs) }
    spreads.push(s)
    console.log(
      `${family.padEnd(12)} from 100 variables up, slowest / fastest: ${s.stored}x stored, ${s.computing}x computing`,
    )
  }
  if (Number.isNaN(sink)) console.log('sink is NaN')
  await writeJson(resultsPath('scaling.json'), {
    date: new Date().toISOString(),
    node: process.version,
    rows,
    spreads,
  })
  await writeResultsMd()
  return rows
}

/**
 * Scaling (`pnpm bench --scaling`): generated models of 10 to 100k variables (bench/models.ts),
 * compile time and Euler run time per variable-step, every variable stored at every step. A run does
 * about WORK variable-steps (at least MIN_STEPS steps), so every size stores about as many values per
 * run (2M, 16 MB) and small and large models are timed alike. A run is read as a sweep reads it:
 * one variable's values (`get`), not a view per variable.
 *
 * V8 optimises generated code only after it has run for a while: so each size is first run for
 * WARM_STEPS steps in all (`firstRunNs` is the first of those runs, what a one-off run costs), then
 * timed over further runs (the median is `nsPerVarStep`, what repeated runs such as sweeps cost).
 * `oneVarNs` times the same runs keeping one variable (`vars`), alternating with them: the cost of
 * computing alone, without writing every value out. `--quick`: fewer runs and no 100k.
 */
import { compile, simulate } from '@stockflow/solver'
import { chain } from './handwritten/chain.ts'
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

export async function scaling({ quick = false } = {}): Promise<ScalingRow[]> {
  const rows: ScalingRow[] = []
  const sizes = quick ? SIZES.slice(0, 4) : SIZES
  let sink = 0
  for (const family of FAMILIES) {
    for (const n of sizes) {
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
      const variables = compiled.variables.length
      const runs: number[] = []
      const oneVar: number[] = []
      const hand: number[] = []
      if (family === 'chain') checkChain(simulate(compiled, { method: 'euler' }), chain(n, steps), steps)
      const id = compiled.variables[0]!.id
      const keepOne = { method: 'euler', vars: [id] } as const
      const perVarStep = (ms: number) => Number(((ms * 1e6) / (variables * (steps + 1))).toFixed(2))
      let first = NaN
      for (let k = 0; k < Math.max(2, Math.ceil(WARM_STEPS / steps)); k++) {
        const t0 = performance.now()
        sink += simulate(compiled, { method: 'euler' }).get(id)[steps]!
        if (k === 0) first = performance.now() - t0
      }
      for (let k = 0; k < (quick ? 5 : TIMED_RUNS); k++) {
        const t0 = performance.now()
        sink += simulate(compiled, { method: 'euler' }).get(id)[steps]!
        runs.push(performance.now() - t0)
        const t1 = performance.now()
        sink += simulate(compiled, keepOne).get(id)[steps]!
        oneVar.push(performance.now() - t1)
        if (family === 'chain') {
          const t2 = performance.now()
          sink += chain(n, steps).stocks[0]![steps]!
          hand.push(performance.now() - t2)
        }
      }
      const row = {
        family,
        variables,
        slots: compiled.program.slots.length,
        steps,
        compileMs: Number(median(compiles).toFixed(2)),
        nsPerVarStep: perVarStep(median(runs)),
        firstRunNs: perVarStep(first),
        oneVarNs: perVarStep(median(oneVar)),
        ...(hand.length ? { handNs: perVarStep(median(hand)) } : {}),
      }
      rows.push(row)
      console.log(
        `${family.padEnd(12)} ${String(variables).padStart(7)} vars ${String(row.slots).padStart(7)} slots  compile ${row.compileMs.toFixed(1).padStart(8)} ms  run ${row.nsPerVarStep.toFixed(1).padStart(6)} ns/var-step (first run ${row.firstRunNs.toFixed(1)}, keeping one variable ${row.oneVarNs.toFixed(1)}${row.handNs === undefined ? '' : `, hand-written ${row.handNs.toFixed(1)}`})`,
      )
    }
  }
  if (Number.isNaN(sink)) console.log('sink is NaN')
  await writeJson(resultsPath('scaling.json'), {
    date: new Date().toISOString(),
    node: process.version,
    rows,
  })
  await writeResultsMd()
  return rows
}

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path'
import type { Command } from 'commander'
import { canonicalId, formatIssue, isStockflowError, StockflowError } from '@stockflow/model'
import type { MethodName, Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel, Run } from '@stockflow/solver'
import { VensimUnsupportedError } from '@stockflow/vensim'
import { XmileUnsupportedError } from '@stockflow/xmile'
import { readCanonical, toleranceFor } from '../canonical.js'
import type { CanonicalTable } from '../canonical.js'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { loadModel } from '../load.js'
import { writeWhole } from '../output.js'
import { moduleDir } from '../module-url.js'

/** The flags of `stockflow conformance`. */
export interface ConformanceFlags {
  /** Also write the report as JSON to this file (whole, or not at all). */
  json?: string
}

/** The commander definition of `stockflow conformance`. */
export function conformanceOptions(command: Command): Command {
  return command
    .description('run every XMILE and Vensim model of an SDXorg test-models copy against its canonical output')
    .argument('<dir>', 'one copy of the SDXorg test-models, e.g. test-models')
    .option('--json <file>', 'also write every row as JSON (whole, or not at all)')
}

/** The cell furthest outside the tolerance in a failing model. */
export interface ConformanceWorst {
  readonly column: string
  readonly time: number
  readonly actual: number
  readonly expected: number
}

/** One model file of the corpus and what became of it. */
export interface ConformanceRow {
  /** The model file, relative to DIR, with `/` separators. */
  readonly file: string
  readonly status: 'pass' | 'fail' | 'skip'
  readonly reason?: string
  readonly worst?: ConformanceWorst
}

/** The whole report, as `--json` writes it. */
export interface ConformanceReport {
  readonly dir: string
  readonly passed: number
  readonly failed: number
  readonly skipped: number
  readonly rows: ConformanceRow[]
}

/** Passes that a corpus copy must not fall below, by the name of its folder (`conformance-floor.json`). */
export type ConformanceFloors = Readonly<Record<string, number>>

/** How a conformance run loads models and how long it waits; tests and scripts may replace them. */
export interface ConformanceOptions {
  /** Hears each row as soon as it is known. */
  readonly onRow?: (row: ConformanceRow) => void
  /** Reads a model file (default: `loadModel`, which imports XMILE). */
  readonly load?: (file: string) => Promise<Model>
  /** How long loading one model may take before it fails (default 30 s; only an asynchronous loader can be cut short). */
  readonly loadTimeoutMs?: number
  /** Floors by folder name (default: the repository's `conformance-floor.json`). */
  readonly floors?: ConformanceFloors
}

const MODEL_EXTENSIONS = ['.xmile', '.stmx', '.itmx']
const VENSIM_EXTENSIONS = ['.mdl']
const OUTPUTS = ['output.csv', 'output.tab']
/** Control columns Vensim writes beside the variables; never compared. */
const CONTROL_COLUMNS = new Set(['initial_time', 'final_time', 'time_step', 'saveper'].map(canonicalId))
/**
 * Vensim-exported XMILE files that declare RK4 although their canonical outputs are Euler runs
 * (corpus README), by test folder.
 */
const EULER_OUTPUTS = new Set(['arithmetics_exp', 'min_max_1arg', 'rounding', 'subscripted_trig', 'zeroled_decimals'])
/** Guards that keep one model from stalling the whole run. */
const LOAD_TIMEOUT_MS = 30_000
const MAX_STEPS = 10_000_000
const MAX_CELLS = 50_000_000

/**
 * `stockflow conformance DIR [--json FILE]`: runs every model file of one test-models copy against its
 * canonical output. A line per model file (`PASS`, `FAIL … worst column …`, `SKIP …: reason`), then
 * `N passed, M failed, K skipped`. Exit code 1 only when the passes fall below the floor recorded for
 * DIR's folder name in the repository's `conformance-floor.json`.
 */
export async function conformanceCommand(
  dir: string,
  flags: ConformanceFlags,
  io: Io,
  options: ConformanceOptions = {},
): Promise<number> {
  const floors = options.floors ?? readFloors()
  const report = await runConformance(dir, { ...options, onRow: (row) => io.stdout(formatRow(row) + '\n') })
  io.stdout(`${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped\n`)
  if (flags.json !== undefined) writeWhole(flags.json, JSON.stringify(report, null, 2) + '\n')
  const name = basename(resolve(dir))
  const floor = floors[name] ?? 0
  if (report.passed < floor) {
    io.stderr(
      `stockflow: ${dir}: ${report.passed} passed, below the floor of ${floor} recorded for "${name}" in conformance-floor.json\n`,
    )
    return 1
  }
  return 0
}

/** `stockflow conformance`, as main registers it. */
export const conformanceCli = cliCommand<[dir: string], ConformanceFlags>(
  'conformance',
  conformanceOptions,
  (dir, flags, io) => conformanceCommand(dir, flags, io),
)

/** One report line: `PASS file`, `FAIL file: reason` or `SKIP file: reason`. */
export function formatRow(row: ConformanceRow): string {
  if (row.status === 'pass') return `PASS ${row.file}`
  return `${row.status === 'fail' ? 'FAIL' : 'SKIP'} ${row.file}: ${row.reason ?? ''}`
}

/** Runs every model file under `dir` against the canonical output beside it. */
export async function runConformance(dir: string, options: ConformanceOptions = {}): Promise<ConformanceReport> {
  const load = options.load ?? (async (file: string) => (await loadModel(file)).model)
  const timeout = options.loadTimeoutMs ?? LOAD_TIMEOUT_MS
  const root = resolve(dir)
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new StockflowError(`${dir}: no such folder`)
  const rows: ConformanceRow[] = []
  for (const file of modelFiles(root)) {
    const shown = relative(root, file).split(sep).join('/')
    let row: ConformanceRow
    try {
      row = { file: shown, ...(await conformanceOf(file, load, timeout)) }
    } catch (err) {
      row = { file: shown, status: 'fail', reason: oneLine(err, file) }
    }
    rows.push(row)
    options.onRow?.(row)
    // Let timers and signals through between models.
    await new Promise((done) => setImmediate(done))
  }
  const count = (status: ConformanceRow['status']) => rows.filter((r) => r.status === status).length
  return { dir, passed: count('pass'), failed: count('fail'), skipped: count('skip'), rows }
}

/** The passes recorded in the repository's `conformance-floor.json`, or none when it is missing. */
export function readFloors(): ConformanceFloors {
  const file = floorFile()
  if (!file) return {}
  let data: unknown
  try {
    data = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new StockflowError(`${file}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new StockflowError(`${file}: expected an object of passes by folder name`)
  const floors: Record<string, number> = {}
  for (const [name, value] of Object.entries(data)) {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new StockflowError(`${file}: the floor of "${name}" is not a number`)
    floors[name] = value
  }
  return floors
}

/** `conformance-floor.json` in the nearest folder above this module (the repository root), if any. */
function floorFile(): string | undefined {
  let here: string
  try {
    here = moduleDir(import.meta.url)
  } catch {
    here = process.cwd()
  }
  for (;;) {
    const candidate = join(here, 'conformance-floor.json')
    if (existsSync(candidate)) return candidate
    const up = dirname(here)
    if (up === here) return undefined
    here = up
  }
}

/** Model files under `root` (XMILE and Vensim), sorted; hidden folders and node_modules are left out. */
function modelFiles(root: string): string[] {
  const found: string[] = []
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
      const path = join(folder, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile() && isModelFile(entry.name)) found.push(path)
    }
  }
  walk(root)
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

function isModelFile(name: string): boolean {
  const ext = extname(name).toLowerCase()
  return MODEL_EXTENSIONS.includes(ext) || VENSIM_EXTENSIONS.includes(ext)
}

type Outcome = Omit<ConformanceRow, 'file'>

/** Loads, simulates and compares one model file. */
async function conformanceOf(file: string, load: (file: string) => Promise<Model>, timeout: number): Promise<Outcome> {
  const output = OUTPUTS.map((o) => join(dirname(file), o)).find((o) => existsSync(o))
  if (!output) return { status: 'skip', reason: 'no canonical output' }

  let table: CanonicalTable
  try {
    table = readCanonical(output)
  } catch (err) {
    return { status: 'fail', reason: `cannot read ${basename(output)}: ${oneLine(err, output)}` }
  }
  if (table.time.length === 0) return { status: 'fail', reason: `${basename(output)} has no rows` }

  let model: Model
  try {
    model = await withTimeout(load(file), timeout, 'loading')
  } catch (err) {
    // A feature stockflow does not have is a skip; any other load error is a failure.
    const reason = oneLine(err, file)
    return unsupportedFeature(err) ? { status: 'skip', reason } : { status: 'fail', reason }
  }

  let compiled: CompiledModel
  try {
    compiled = compile(model)
  } catch (err) {
    return { status: 'fail', reason: oneLine(err, file) }
  }

  const variables = new Set(compiled.variables.map((v) => v.id))
  const compared: string[] = []
  const missing: string[] = []
  for (const [id, column] of table.columns) {
    if (CONTROL_COLUMNS.has(id)) continue
    if (variables.has(id)) compared.push(id)
    else missing.push(column.name)
  }
  if (compared.length === 0) {
    const listed = missing.slice(0, 5).map((n) => `"${n}"`)
    return {
      status: 'fail',
      reason:
        missing.length === 0
          ? `${basename(output)} has no columns besides time and control variables`
          : `no column of ${basename(output)} is a model variable (missing ${listed.join(', ')}${missing.length > 5 ? `, and ${missing.length - 5} more` : ''})`,
    }
  }

  const { start, stop, dt } = model.time
  const steps = Math.round((stop - start) / dt)
  if (!(steps >= 0) || steps > MAX_STEPS || (steps + 1) * (compared.length + 1) > MAX_CELLS)
    return { status: 'fail', reason: `the run is too long to compare (${steps} steps of ${dt})` }

  const method = methodOf(file, model)
  let run: Run
  try {
    // Every step is saved, so any save time of the canonical output can be picked.
    run = simulate(compiled, { method, saveper: dt, vars: compared })
  } catch (err) {
    return { status: 'fail', reason: oneLine(err, file) }
  }
  return compare(run, table, compared, file, output)
}

/** The model's own method, except where the corpus README records that the output is Euler's. */
function methodOf(file: string, model: Model): MethodName {
  const own = model.time.method ?? 'euler'
  return EULER_OUTPUTS.has(basename(dirname(file))) ? 'euler' : own
}

/** Compares the run with every compared column at the canonical output's times. */
function compare(run: Run, table: CanonicalTable, compared: string[], file: string, output: string): Outcome {
  const times = run.times
  const first = times[0]!
  const last = times[times.length - 1]!
  const dt = run.meta.dt
  const slack = dt * 1e-6 + 1e-9 * Math.max(Math.abs(first), Math.abs(last))
  if (table.time.some((t) => Number.isNaN(t)))
    return { status: 'fail', reason: `${basename(output)} has a time that is not a number` }
  const tMin = table.time.reduce((a, b) => Math.min(a, b))
  const tMax = table.time.reduce((a, b) => Math.max(a, b))
  if (tMin < first - slack || tMax > last + slack)
    return {
      status: 'fail',
      reason: `${basename(output)} runs from ${tMin} to ${tMax}, the model from ${first} to ${last}`,
    }

  const { rel, abs } = toleranceFor(file)
  const columns = compared.map((id) => ({ series: run.get(id), column: table.columns.get(id)!, id }))
  let worst: ConformanceWorst | undefined
  let worstExcess = 0
  let cells = 0
  for (let k = 0; k < table.time.length; k++) {
    const t = table.time[k]!
    // The saved step at that time, or (for times printed with few digits off the grid) interpolation.
    const i = Math.min(times.length - 1, Math.max(0, Math.round((t - first) / dt)))
    const onGrid = Math.abs(times[i]! - t) <= Math.max(dt * 1e-3, 1e-5 * Math.abs(t))
    for (const { series, column, id } of columns) {
      const expected = column.values[k]!
      if (Number.isNaN(expected)) continue
      const actual = onGrid ? series[i]! : run.at(id, t)
      cells++
      if (actual === expected) continue
      const excess = Math.abs(actual - expected) / (abs + rel * Math.abs(expected))
      const bad = Number.isNaN(excess) ? Infinity : excess
      if (bad > 1 && bad > worstExcess) {
        worstExcess = bad
        worst = { column: column.name, time: t, actual, expected }
      }
    }
  }
  if (cells === 0) return { status: 'fail', reason: `${basename(output)} has no values to compare` }
  if (!worst) return { status: 'pass' }
  return {
    status: 'fail',
    reason: `worst column "${worst.column}" at time ${worst.time}: actual ${worst.actual} vs expected ${worst.expected}`,
    worst,
  }
}

/** The feature of XMILE a load error says stockflow does not support (arrays, macros, ...), if it is one. */
function unsupportedFeature(err: unknown): string | undefined {
  return err instanceof XmileUnsupportedError || err instanceof VensimUnsupportedError ? err.feature : undefined
}

/** The first line of an error's message, without a leading `path/to/file: ` naming the model file. */
function oneLine(err: unknown, file: string): string {
  let text: string
  if (isStockflowError(err) && err.issues.length > 0) {
    const more = err.issues.length - 1
    text = formatIssue(err.issues[0]!) + (more > 0 ? ` (and ${more} more)` : '')
  } else if (err instanceof Error) text = err.message
  else text = String(err)
  const line = text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? 'unknown error'
  const name = basename(file)
  const at = line.indexOf(`${name}: `)
  // Only a prefix that is a path ending in the file's name (no spaces before it) is dropped.
  if (at >= 0 && !/\s/.test(line.slice(0, at))) return line.slice(at + name.length + 2).trim()
  return line.trim()
}

/** Rejects when `promise` takes longer than `ms` (an asynchronous loader that never settles). */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

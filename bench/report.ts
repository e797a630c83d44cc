/**
 * Writes the bench's JSON files (formatted as the repository's prettier would) and bench/RESULTS.md:
 * its tables from the latest JSON, then its `## History` section carried over as it was.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'

export const resultsPath = (name: string): string => fileURLToPath(new URL(name, import.meta.url))

/** Formatted as the repository's prettier would, so `prettier --check` passes on the committed file. */
export async function writeJson(file: string, value: unknown): Promise<void> {
  writeFileSync(file, await format(JSON.stringify(value), { ...(await resolveConfig(file)), parser: 'json' }))
}

function read<T>(name: string): T | undefined {
  const file = resultsPath(name)
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined
}

function mdTable(head: readonly string[], body: readonly (readonly string[])[], right: readonly boolean[]): string {
  const sep = head.map((_, j) => (right[j] ? '---:' : '---'))
  return [head, sep, ...body].map((r) => `| ${r.join(' | ')} |`).join('\n')
}

/** The heading of RESULTS.md's last section, kept by hand: figures from before a change. */
const HISTORY = '## History'

/** RESULTS.md's history, from its heading to the end, so that a rewrite keeps it; [] when it has none. */
function history(file: string): string[] {
  if (!existsSync(file)) return []
  const text = readFileSync(file, 'utf8')
  const at = text.search(new RegExp(`^${HISTORY}$`, 'm'))
  return at < 0 ? [] : [text.slice(at).trimEnd(), '']
}

interface Results {
  date: string
  node: string
  cpu: string
  rounds: number
  rows: { engine: string; model: string; variables: number; steps: number; medianMicros: number; ratio: number }[]
}
interface Scaling {
  date: string
  rows: {
    family: string
    variables: number
    slots: number
    steps: number
    compileMs: number
    nsPerVarStep: number
    firstRunNs?: number
    oneVarNs?: number
    handNs?: number
  }[]
  spreads?: { family: string; stored: number; computing: number }[]
}
interface Adaptive {
  date: string
  accuracy: {
    model: string
    target: number
    rk4: { dt: number; error: number; micros: number } | null
    adaptive: { rtol: number; error: number; micros: number } | null
    ratio: number | null
  }[]
  memory: { model: string; variables: number; rows: number; stored: number; bytes: number }[]
}

interface MonteCarlo {
  date: string
  cpus: number
  parameters: number
  rounds: number
  rows: { config: string; workers: number; runs: number; medianMs: number; runsPerSecond: number; speedup: number }[]
}

interface World3 {
  date: string
  rounds: number
  outputs: number
  steps: number
  run: { engine: string; medianMicros: number; ratio: number }[]
  read: { bytes: number; parseMs: number; importMs: number; compileMs: number; firstImportCompileMs: number }
  big: { bytes: number; parseMs: number; firstParseMs: number; importCompileMs: number | string }
  accuracy: Record<string, { compared: number; failing: string[]; missing: string[] }>
}

interface ArrayForm {
  compileMs: number
  nsPerVarStep: number
  firstRunNs: number
  oneVarNs: number
}
interface Arrays {
  date: string
  rows: {
    family: string
    size: number
    variables: number
    steps: number
    arrayed: ArrayForm
    elements: ArrayForm
    phases: { flatten: number; lower: number; functions: number; loop: number }
    runRatio: number
    oneVarRatio: number
    compileRatio: number
  }[]
}

/** RESULTS.md's arrays section: each arrayed family against the same model written element by element. */
function arraysSection(x: Arrays): string[] {
  return [
    `## Scaling: arrayed models against the same written element by element (${x.date.slice(0, 10)})`,
    '',
    'Both forms compile to the same slots and their runs are equal to the bit (checked). Run: ns per variable and step, every variable stored, median of alternating runs; "one kept": the same runs keeping one variable (computing alone); ratio = arrayed / element by element. Compile: `compile` plus the first Euler loop; the arrayed phases are flattening with validation, lowering, the shared functions and the first loop.',
    '',
    mdTable(
      [
        'family',
        'elements',
        'variables',
        'steps',
        'run arrayed',
        'run by element',
        'ratio',
        'one kept arrayed',
        'one kept by element',
        'ratio',
        'compile arrayed ms',
        'compile by element ms',
        'flatten',
        'lower',
        'functions',
        'loop',
      ],
      x.rows.map((r) => [
        r.family,
        String(r.size),
        String(r.variables),
        String(r.steps),
        r.arrayed.nsPerVarStep.toFixed(1),
        r.elements.nsPerVarStep.toFixed(1),
        `${r.runRatio.toFixed(2)}x`,
        r.arrayed.oneVarNs.toFixed(1),
        r.elements.oneVarNs.toFixed(1),
        `${r.oneVarRatio.toFixed(2)}x`,
        r.arrayed.compileMs.toFixed(0),
        r.elements.compileMs.toFixed(0),
        r.phases.flatten.toFixed(0),
        r.phases.lower.toFixed(0),
        r.phases.functions.toFixed(0),
        r.phases.loop.toFixed(0),
      ]),
      [false, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true],
    ),
    '',
  ]
}

/** RESULTS.md's World3 section: the runs against SDEverywhere, reading times, matches with Vensim. */
function world3Section(w: World3): string[] {
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`
  const matched = (e: string) => {
    const a = w.accuracy[e]
    return a ? `${a.compared - a.failing.length} of ${a.compared + a.missing.length}` : '-'
  }
  return [
    `## World3-03 against SDEverywhere's JS target (${w.date.slice(0, 10)}, ${w.rounds} rounds)`,
    '',
    `Euler, ${w.steps} steps, the ${w.outputs} series Vensim saved stored by both; ratio = time over stockflow's. "Vensim series matched": within |a − e| ≤ 1e-3·|e| + 1e-6·max|e| of Vensim's run.`,
    '',
    mdTable(
      ['engine', 'median µs/run', 'ratio', 'Vensim series matched'],
      w.run.map((x) => [x.engine, x.medianMicros.toFixed(1), `${x.ratio.toFixed(2)}x`, matched(x.engine)]),
      [false, true, true, true],
    ),
    '',
    mdTable(
      ['reading', 'size', 'ms'],
      [
        ['World3 parse (median)', kb(w.read.bytes), w.read.parseMs.toFixed(1)],
        ['World3 import, parse included (median)', kb(w.read.bytes), w.read.importMs.toFixed(1)],
        ['World3 compile (median)', kb(w.read.bytes), w.read.compileMs.toFixed(1)],
        ['World3 import + compile, first in the process', kb(w.read.bytes), w.read.firstImportCompileMs.toFixed(1)],
        ['generated .mdl parse (median)', kb(w.big.bytes), w.big.parseMs.toFixed(0)],
        ['generated .mdl parse, first', kb(w.big.bytes), w.big.firstParseMs.toFixed(0)],
        [
          'generated .mdl import + compile',
          kb(w.big.bytes),
          typeof w.big.importCompileMs === 'number' ? w.big.importCompileMs.toFixed(0) : w.big.importCompileMs,
        ],
      ],
      [false, true, true],
    ),
    '',
  ]
}

interface Queue {
  readonly date: string
  readonly rounds: number
  readonly rows: readonly {
    config: string
    runs: number
    jobs: number
    medianMs: number
    runsPerSecond: number
    speedup: number
  }[]
  readonly perJob: { jobs: number; ms: number }
  readonly prepared: readonly {
    model: string
    runs: number
    simulatePerSecond: number
    preparedPerSecond: number
    speedup: number
  }[]
}

function queueSection(q: Queue): string[] {
  return [
    `## Experiments on the Redis queue, involution Monte Carlo (${q.date.slice(0, 10)}, ${q.rounds} rounds)`,
    '',
    'The Monte Carlo above in this thread, on 2 worker threads and on a local redis-server with 1 and 2 `stockflow worker` processes (one thread each); speedup against this thread timed in the same rounds. Every configuration gives the same bits.',
    '',
    mdTable(
      ['configuration', 'runs', 'jobs', 'median ms', 'runs / s', 'speedup'],
      q.rows.map((x) => [
        x.config,
        String(x.runs),
        x.jobs ? String(x.jobs) : '-',
        x.medianMs.toFixed(0),
        x.runsPerSecond.toFixed(0),
        `${x.speedup.toFixed(2)}x`,
      ]),
      [false, true, true, true, true, true],
    ),
    '',
    `Queue cost per job: ${q.perJob.ms.toFixed(2)} ms (${q.perJob.jobs} jobs of one teacup run each, 2 worker processes, against the same runs in this thread).`,
    '',
    'In-thread runs per second, one `simulate` per run against the prepared run (`prepareRun`), one process:',
    '',
    mdTable(
      ['model', 'runs', 'simulate per run', 'prepared run', 'speedup'],
      q.prepared.map((x) => [
        x.model,
        String(x.runs),
        x.simulatePerSecond.toFixed(0),
        x.preparedPerSecond.toFixed(0),
        `${x.speedup.toFixed(2)}x`,
      ]),
      [false, true, true, true, true],
    ),
    '',
  ]
}

/** bench/RESULTS.md from the latest results.json, scaling.json, adaptive.json, montecarlo.json, queue.json and world3.json. */
export async function writeResultsMd(): Promise<void> {
  const r = read<Results>('results.json')
  const s = read<Scaling>('scaling.json')
  const a = read<Adaptive>('adaptive.json')
  const mc = read<MonteCarlo>('montecarlo.json')
  const w3 = read<World3>('world3.json')
  const arr = read<Arrays>('arrays.json')
  const q = read<Queue>('queue.json')
  const day = (d: string) => d.slice(0, 10)
  const out: string[] = ['# Benchmark results', '']
  out.push(
    `Written by \`pnpm bench\` (and its \`--scaling\` and \`--adaptive\` sections); see README.md for the method.`,
    'The History section at the end is written by hand; every run carries it over unchanged.',
    `Machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} CPUs, Node ${process.version}, ${os.platform()}.`,
    'Times are only a sense of scale (the machine is shared and noisy); compare ratios.',
    '',
  )
  if (r) {
    out.push(`## Euler runs against hand-written JavaScript (${day(r.date)}, ${r.rounds} rounds)`, '')
    out.push(
      mdTable(
        ['engine', 'model', 'variables', 'steps', 'median µs/run', 'ratio to hand-written'],
        r.rows.map((x) => [
          x.engine,
          x.model,
          String(x.variables),
          String(x.steps),
          x.medianMicros.toFixed(2),
          `${x.ratio.toFixed(2)}x`,
        ]),
        [false, false, true, true, true, true],
      ),
      '',
    )
  }
  if (s) {
    out.push(`## Scaling: generated models (${day(s.date)})`, '')
    out.push(
      'Compile time includes generating the Euler loop. Run time is ns per public variable and step, every variable stored at every step (about 2M values per run at every size): the median of repeated runs once V8 has optimised the generated code, and the first run before that; "one kept" is the same runs storing one variable (the cost of computing alone); "hand-written" is the chain written by hand with typed arrays (bench/handwritten/chain.ts), every variable stored, timed alongside.',
      '',
    )
    out.push(
      mdTable(
        [
          'family',
          'variables',
          'slots',
          'steps',
          'compile ms',
          'ns / var-step',
          'one kept',
          'first run',
          'hand-written',
        ],
        s.rows.map((x) => [
          x.family,
          String(x.variables),
          String(x.slots),
          String(x.steps),
          x.compileMs.toFixed(1),
          x.nsPerVarStep.toFixed(1),
          x.oneVarNs === undefined ? '-' : x.oneVarNs.toFixed(1),
          x.firstRunNs === undefined ? '-' : x.firstRunNs.toFixed(1),
          x.handNs === undefined ? '-' : x.handNs.toFixed(1),
        ]),
        [false, true, true, true, true, true, true, true, true],
      ),
      '',
    )
    if (s.spreads) {
      out.push(
        'How far run time per variable-step moves with size, from 100 variables to the largest: the slowest size over the fastest (sizes are timed in alternating rounds, so a slow spell of the machine falls on all of them).',
        '',
        mdTable(
          ['family', 'every value stored', 'one kept'],
          s.spreads.map((x) => [x.family, `${x.stored.toFixed(2)}x`, `${x.computing.toFixed(2)}x`]),
          [false, true, true],
        ),
        '',
      )
    }
  }
  if (arr) out.push(...arraysSection(arr))
  if (a) {
    const e = (x: number) => x.toExponential(0)
    out.push(`## Adaptive against RK4 at equal accuracy (${day(a.date)})`, '')
    out.push(
      'The cheapest RK4 step and adaptive tolerance whose max relative error over the save points (0..20 every 0.5) meets the target; ratio = adaptive time / RK4 time.',
      '',
    )
    out.push(
      mdTable(
        ['model', 'error target', 'RK4 dt', 'RK4 µs', 'adaptive rtol', 'adaptive µs', 'ratio'],
        a.accuracy.map((x) => [
          x.model,
          e(x.target),
          x.rk4 ? String(x.rk4.dt) : '-',
          x.rk4 ? x.rk4.micros.toFixed(1) : '-',
          x.adaptive ? e(x.adaptive.rtol) : '-',
          x.adaptive ? x.adaptive.micros.toFixed(1) : '-',
          x.ratio === null ? '-' : `${x.ratio.toFixed(2)}x`,
        ]),
        [false, true, true, true, true, true, true],
      ),
      '',
      '### Memory of a run that keeps only some variables (`vars`)',
      '',
      mdTable(
        ['model', 'variables', 'rows', 'stored', 'MB held'],
        a.memory.map((x) => [
          x.model,
          String(x.variables),
          String(x.rows),
          String(x.stored),
          (x.bytes / 1e6).toFixed(2),
        ]),
        [false, true, true, true, true],
      ),
      '',
    )
  }
  if (mc) {
    out.push(`## Monte Carlo throughput, involution model (${day(mc.date)}, ${mc.rounds} rounds)`, '')
    out.push(
      `${mc.parameters} structural parameters uniform over their slider ranges (Latin hypercube), the 14 stocks kept at every save point; speedup against this thread. Runs are bit-identical in every configuration.`,
      '',
      mdTable(
        ['configuration', 'runs', 'median ms', 'runs / s', 'speedup'],
        mc.rows.map((x) => [
          x.config,
          String(x.runs),
          x.medianMs.toFixed(0),
          x.runsPerSecond.toFixed(0),
          `${x.speedup.toFixed(2)}x`,
        ]),
        [false, true, true, true, true],
      ),
      '',
    )
  }
  if (q) out.push(...queueSection(q))
  if (w3) out.push(...world3Section(w3))
  const file = resultsPath('RESULTS.md')
  out.push(...history(file))
  writeFileSync(file, await format(out.join('\n'), { ...(await resolveConfig(file)), parser: 'markdown' }))
}

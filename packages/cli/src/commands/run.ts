import { formatIssue, StockflowError } from '@stockflow/model'
import type { MethodName } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { Run, SimulateOptions } from '@stockflow/solver'
import { csvChunks } from '@stockflow/solver/internal'
import { loadModel } from '../load.js'
import { asWarning } from './check.js'
import { assignments, list, numberOption } from '../options.js'
import { writeWhole } from '../output.js'

/** The flags of `stockflow run`, as commander parses them. */
export interface RunFlags {
  method?: string
  dt?: string
  saveper?: string
  start?: string
  stop?: string
  set?: string[]
  scenario?: string
  seed?: string
  vars?: string
  format?: string
  out?: string
  onNonFinite?: string
}

const FORMATS = ['csv', 'tsv', 'json'] as const
const METHODS: readonly MethodName[] = ['euler', 'rk2', 'rk4', 'adaptive']

/** `stockflow run MODEL`: simulates and prints (or writes) the table. */
export async function runCommand(
  path: string,
  flags: RunFlags,
  stdout: (text: string) => void,
  stderr: (text: string) => void = () => {},
): Promise<void> {
  const format = (flags.format ?? 'csv').toLowerCase()
  if (!(FORMATS as readonly string[]).includes(format))
    throw new StockflowError(`--format must be one of ${FORMATS.join(', ')}, got "${flags.format}"`)
  if (flags.method !== undefined && !(METHODS as readonly string[]).includes(flags.method.toLowerCase())) {
    throw new StockflowError(`--method must be one of ${METHODS.join(', ')}, got "${flags.method}"`)
  }
  const onNonFinite = (flags.onNonFinite ?? 'error').toLowerCase()
  if (onNonFinite !== 'error' && onNonFinite !== 'continue') {
    throw new StockflowError(`--on-non-finite must be error or continue, got "${flags.onNonFinite}"`)
  }
  const seed = numberOption('--seed', flags.seed)
  if (seed !== undefined && !Number.isInteger(seed))
    throw new StockflowError(`--seed must be a whole number, got "${flags.seed}"`)
  const base: SimulateOptions = {
    ...(flags.method !== undefined ? { method: flags.method.toLowerCase() as MethodName } : {}),
    ...definedNumbers({
      dt: numberOption('--dt', flags.dt),
      saveper: numberOption('--saveper', flags.saveper),
      start: numberOption('--start', flags.start),
      stop: numberOption('--stop', flags.stop),
      seed,
    }),
    set: assignments(flags.set),
    onNonFinite,
    ...(flags.vars !== undefined ? { vars: list(flags.vars)! } : {}),
  }

  const { model, file, warnings = [] } = await loadModel(path)
  for (const w of warnings) stderr(`stockflow: ${asWarning(w)}\n`)
  const compiled = withFile(file, () => compile(model))
  const ids = flags.scenario?.toLowerCase() === 'all' ? (model.scenarios ?? []).map((s) => s.id) : undefined
  if (ids && ids.length === 0) throw new StockflowError(`${file}: --scenario all, but the model has no scenarios`)
  const runs: { run: Run; label?: string }[] = withFile(file, () =>
    ids
      ? ids.map((id) => ({ run: simulate(compiled, { ...base, scenario: id }), label: id }))
      : [
          {
            run: simulate(compiled, { ...base, ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}) }),
          },
        ],
  )

  // CSV is written in pieces as it is made (a large run's whole text need never be in memory).
  const text =
    format === 'json'
      ? [
          JSON.stringify(
            ids ? { scenarios: Object.fromEntries(runs.map((r) => [r.label, r.run.toJSON()])) } : runs[0]!.run.toJSON(),
          ) + '\n',
        ]
      : csvChunks(runs, { delimiter: format === 'tsv' ? '\t' : ',' })
  if (flags.out !== undefined) writeWhole(flags.out, text, [file])
  else for (const piece of text) stdout(piece)
}

function definedNumbers<T extends Record<string, number | undefined>>(o: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, number>>
}

/** Runs `f`, naming the model file in any StockflowError (one line per model issue). */
export function withFile<T>(file: string, f: () => T): T {
  try {
    return f()
  } catch (err) {
    if (err instanceof StockflowError && err.issues.length) {
      throw new StockflowError(err.issues.map((i) => formatIssue(i, file)).join('\n'), err.issues)
    }
    if (err instanceof StockflowError && !err.message.startsWith(file))
      throw new StockflowError(`${file}: ${err.message}`)
    throw err
  }
}

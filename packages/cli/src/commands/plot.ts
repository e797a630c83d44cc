import type { Command } from 'commander'
import { renderTrajectories } from '@stockflow/diagram'
import { StockflowError } from '@stockflow/model'
import type { MethodName } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { Run, SimulateOptions } from '@stockflow/solver'
import { scenarioOrChanges, withChangesFiles } from '../changes.js'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { loadModel, MODEL_ARGUMENT_HELP } from '../load.js'
import { RUN_NAMES_HELP } from '../names-help.js'
import { assignments, collect, list, numberOption, STRICT_OPTION, stepOption } from '../options.js'
import { plotTarget, writePlot } from '../plot-output.js'
import { trajectoryPanels } from '../plot-panels.js'
import { atHeight, widthOption } from '../plot-size.js'
import { checkRunFlags } from '../range-flags.js'
import { asWarning } from './check.js'
import { everyScenario, withFile } from './run.js'

/** The flags of `stockflow plot`, as commander parses them. */
export interface PlotFlags {
  vars?: string
  out?: string
  scenario?: string
  method?: string
  dt?: string
  saveper?: string
  start?: string
  stop?: string
  set?: string[]
  changes?: string[]
  seed?: string
  width?: string
  height?: string
  title?: string
  strict?: boolean
}

/** The commander definition of `stockflow plot`. */
export function plotOptions(command: Command): Command {
  return command
    .description('simulate and draw variables over time to an SVG or PNG file: a panel per variable')
    .argument('<model>', MODEL_ARGUMENT_HELP)
    .option('--vars <a,b>', 'the variables to draw, a panel each; a whole array draws a line per element')
    .option('--out <file.svg|file.png>', 'the plot file (written whole, or not at all)')
    .option(
      '--scenario <id>',
      'a scenario of the model, "all" for a line per named one, or for a Vensim model a changes file (.cin) beside it',
    )
    .option('--method <name>', "euler, rk2, rk4 or adaptive (default: the model's, else euler)")
    .option('--dt <n>', 'time step')
    .option('--saveper <n>', 'save interval, a multiple of dt')
    .option('--start <n>', 'start time')
    .option('--stop <n>', 'stop time')
    .option('--set <name=value>', "set a parameter or a stock's initial value (repeatable)", collect)
    .option('--changes <file.cin>', 'apply a Vensim changes file: constants and tables (repeatable)', collect)
    .option('--seed <n>', 'seed of the random functions (default 1)')
    .option('--width <px>', 'width of the plot (default 960)')
    .option('--height <px>', 'height of the plot (default: 220 per row of panels, with the title and legend)')
    .option('--title <text>', "the plot's title (default: the model's name)")
    .option(...STRICT_OPTION)
    .addHelpText('after', RUN_NAMES_HELP)
}

const METHODS: readonly MethodName[] = ['euler', 'rk2', 'rk4', 'adaptive']

/**
 * `stockflow plot MODEL --vars A,B --out f.svg`: simulates as `run` does and draws the variables' series,
 * a panel each (each on its own value axis: variables that share units may still differ by orders of
 * magnitude); `--scenario all` draws a line per scenario with a legend.
 */
export async function plotCommand(path: string, flags: PlotFlags, io: Io): Promise<number> {
  if (flags.out === undefined) throw new StockflowError('plot needs --out FILE.svg or --out FILE.png')
  plotTarget('--out', flags.out)
  const vars = list(flags.vars)
  if (!vars?.length)
    throw new StockflowError('plot needs --vars NAME[,NAME...]: the variables to draw, e.g. --vars "Population"')
  const method = flags.method?.toLowerCase()
  if (method !== undefined && !(METHODS as readonly string[]).includes(method))
    throw new StockflowError(`--method must be one of ${METHODS.join(', ')}, got "${flags.method}"`)
  const seed = numberOption('--seed', flags.seed)
  if (seed !== undefined && !Number.isInteger(seed))
    throw new StockflowError(`--seed must be a whole number, got "${flags.seed}"`)
  const width = widthOption(flags.width)
  const set = assignments(flags.set)
  const base: SimulateOptions = {
    ...(method !== undefined ? { method: method as MethodName } : {}),
    ...defined({
      dt: stepOption('--dt', flags.dt),
      saveper: stepOption('--saveper', flags.saveper),
      start: numberOption('--start', flags.start),
      stop: numberOption('--stop', flags.stop),
      seed,
    }),
    set,
    vars,
  }

  const loaded = await loadModel(path)
  const { file, warnings = [] } = loaded
  for (const w of warnings) io.stderr(`stockflow: ${asWarning(w)}\n`)
  const { scenario, changes } = scenarioOrChanges(loaded.model, file, flags.scenario)
  const model = withChangesFiles(loaded.model, [...(flags.changes ?? []), ...changes])
  const compiled = withFile(file, () => compile(model))
  checkRunFlags(compiled, { set, vars: flags.vars, strict: flags.strict }, file, io)
  const runs: { run: Run; label: string }[] =
    scenario?.toLowerCase() === 'all'
      ? everyScenario(model, compiled, file, base)
      : withFile(file, () => [
          {
            run: simulate(compiled, { ...base, ...(scenario !== undefined ? { scenario } : {}) }),
            label: scenario ?? changeLabel(flags, set),
          },
        ])
  const first = runs[0]!.run
  const data = {
    times: first.times,
    runs: runs.map((r) => ({ label: r.label, series: r.run.series })),
    variables: trajectoryPanels(first.series),
    ...(model.time.units !== undefined ? { timeUnits: model.time.units } : {}),
  }
  const title = flags.title ?? model.name
  const chart = atHeight(flags.height, (panelHeight) =>
    renderTrajectories(data, {
      panelHeight,
      ...(width !== undefined ? { width } : {}),
      ...(title ? { title } : {}),
    }),
  )
  await writePlot(flags.out, chart.svg, [file, ...(flags.changes ?? [])], io)
  return 0
}

/** `stockflow plot`, as main registers it. */
export const plotCli = cliCommand('plot', plotOptions, plotCommand)

/** The legend's name of a single run: its changes file, its `--set`s, or `baseline`. */
function changeLabel(flags: PlotFlags, set: Readonly<Record<string, number>>): string {
  const named = flags.scenario !== undefined ? [flags.scenario] : []
  const sets = Object.entries(set).map(([k, v]) => `${k}=${v}`)
  const all = [...named, ...sets]
  return all.length ? all.join(', ') : 'baseline'
}

function defined<T extends Record<string, number | undefined>>(o: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, number>>
}

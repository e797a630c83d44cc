import type { Command } from 'commander'
import { renderTrajectories } from '@stockflow/diagram'
import { StockflowError } from '@stockflow/model'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { MODEL_ARGUMENT_HELP } from '../load.js'
import { RUN_NAMES_HELP } from '../names-help.js'
import { collect, list, STRICT_OPTION } from '../options.js'
import { plotTarget, writePlot } from '../plot-output.js'
import { trajectoryPanels } from '../plot-panels.js'
import { atHeight, widthOption } from '../plot-size.js'
import { checkRunFlags } from '../range-flags.js'
import { clockOptions, simulateOptions } from '../run-flags.js'
import type { SimulationFlags } from '../run-flags.js'
import { loadRunModel, scenarioRuns } from '../run-model.js'

/** The flags of `stockflow plot`, as commander parses them. */
export interface PlotFlags extends SimulationFlags {
  out?: string
  width?: string
  height?: string
  title?: string
}

/** The commander definition of `stockflow plot`. */
export function plotOptions(command: Command): Command {
  return clockOptions(
    command
      .description('simulate and draw variables over time to an SVG or PNG file: a panel per variable')
      .argument('<model>', MODEL_ARGUMENT_HELP)
      .option('--vars <a,b>', 'the variables to draw, a panel each; a whole array draws a line per element')
      .option('--out <file.svg|file.png>', 'the plot file (written whole, or not at all)')
      .option(
        '--scenario <id>',
        'a scenario of the model, "all" for a line per named one, or for a Vensim model a changes file (.cin) beside it',
      ),
    "euler, rk2, rk4 or adaptive (default: the model's, else euler)",
  )
    .option('--set <name=value>', "set a parameter or a stock's initial value (repeatable)", collect)
    .option('--changes <file.cin>', 'apply a Vensim changes file: constants and tables (repeatable)', collect)
    .option('--seed <n>', 'seed of the random functions (default 1)')
    .option('--width <px>', 'width of the plot (default 960)')
    .option('--height <px>', 'height of the plot (default: 220 per row of panels, with the title and legend)')
    .option('--title <text>', "the plot's title (default: the model's name)")
    .option(...STRICT_OPTION)
    .addHelpText('after', RUN_NAMES_HELP)
}

/**
 * `stockflow plot MODEL --vars A,B --out f.svg`: simulates as `run` does and draws the variables' series,
 * a panel each (each on its own value axis: variables that share units may still differ by orders of
 * magnitude); `--scenario all` draws a line per scenario with a legend.
 */
export async function plotCommand(path: string, flags: PlotFlags, io: Io): Promise<number> {
  if (flags.out === undefined) throw new StockflowError('plot needs --out FILE.svg or --out FILE.png')
  const format = plotTarget('--out', flags.out).toUpperCase()
  if (!list(flags.vars)?.length)
    throw new StockflowError('plot needs --vars NAME[,NAME...]: the variables to draw, e.g. --vars "Population"')
  const base = simulateOptions(flags)
  const width = widthOption(flags.width)

  const m = await loadRunModel(path, flags, io)
  checkRunFlags(m.compiled, { set: base.set, vars: flags.vars, strict: flags.strict }, m.file, io)
  const runs = scenarioRuns(m, base, m.scenario ?? changeLabel(flags, base.set))
  const first = runs[0]!.run
  const data = {
    times: first.times,
    runs: runs.map((r) => ({ label: r.label!, series: r.run.series })),
    variables: trajectoryPanels(first.series),
    ...(m.model.time.units !== undefined ? { timeUnits: m.model.time.units } : {}),
  }
  const title = flags.title ?? m.model.name
  const chart = atHeight(flags.height, (panelHeight) =>
    renderTrajectories(data, {
      panelHeight,
      ...(width !== undefined ? { width } : {}),
      ...(title ? { title } : {}),
    }),
  )
  await writePlot(flags.out, chart.svg, [m.file, ...(flags.changes ?? [])], io)
  // One line saying what was written, as convert prints.
  const { width: w, height: h, panels } = chart.layout
  io.stdout(
    `${m.file} -> ${flags.out} (${format}, ${panels.length} panel${panels.length === 1 ? '' : 's'}, ${w}x${h})\n`,
  )
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

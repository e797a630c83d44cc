import { Command, CommanderError } from 'commander'
import { checkCommand } from './commands/check.js'
import { conformanceCommand } from './commands/conformance.js'
import { convertCommand } from './commands/convert.js'
import { loopsCommand } from './commands/loops.js'
import type { LoopsFlags } from './commands/loops.js'
import { runCommand } from './commands/run.js'
import { testCommand } from './commands/test.js'
import { viewCommand } from './commands/view.js'
import { montecarloCommand } from './commands/montecarlo.js'
import type { MonteCarloFlags } from './commands/montecarlo.js'
import { sweepCommand } from './commands/sweep.js'
import { sensitivityCommand } from './commands/sensitivity.js'
import { calibrateCommand } from './commands/calibrate.js'
import type { CalibrateFlags } from './commands/calibrate.js'
import type { SensitivityFlags } from './commands/sensitivity.js'
import type { ExperimentFlags } from './experiment-flags.js'
import type { RunFlags } from './commands/run.js'
import { collect } from './options.js'

/** Where the CLI writes; tests pass their own. */
export interface Io {
  stdout(text: string): void
  stderr(text: string): void
}

const processIo: Io = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
}

/**
 * Runs the `stockflow` command line and returns its exit code. User mistakes (bad model, bad flag)
 * become one line per problem on stderr, never a stack trace.
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let code = 0
  const program = new Command()
    .name('stockflow')
    .description('System-dynamics models: simulate, check, analyse.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run stockflow --help for usage)')

  program
    .command('run')
    .description('simulate a model and print its variables at every save point')
    .argument('<model>', 'a .ts/.js module (default export), a .json model, or a folder with model.ts')
    .option('--method <name>', "euler, rk2, rk4 or adaptive (default: the model's, else euler)")
    .option('--dt <n>', 'time step')
    .option('--saveper <n>', 'save interval, a multiple of dt')
    .option('--start <n>', 'start time')
    .option('--stop <n>', 'stop time')
    .option('--set <name=value>', "set a parameter or a stock's initial value (repeatable)", collect)
    .option('--scenario <id>', 'a scenario of the model, or "all" for every one')
    .option('--seed <n>', 'seed of the random functions (default 1)')
    .option('--vars <a,b>', 'only these variables, comma-separated')
    .option('--format <f>', 'csv, tsv or json', 'csv')
    .option('--out <file>', 'write to a file (whole, or not at all) instead of stdout')
    .option(
      '--on-non-finite <what>',
      'error (default): a NaN or infinity stops the run naming the variable and time; continue: keep it',
    )
    .action(async (model: string, flags: RunFlags) => runCommand(model, flags, io.stdout, io.stderr))

  program
    .command('check')
    .description('report errors and warnings, one per line; exit 1 on errors')
    .argument('<model>', 'a .ts/.js module, a .json model, or a folder with model.ts')
    .option('--strict', 'exit 1 on warnings too')
    .action(async (model: string, flags: { strict?: boolean }) => {
      code = await checkCommand(model, flags, io.stdout)
    })

  program
    .command('test')
    .description("run the model's behaviour checks (checks.ts): PASS/FAIL per check, then a summary")
    .argument('<model>', 'a model folder or file with checks.ts beside it, or the checks file')
    .action(async (model: string) => {
      code = await testCommand(model, io.stdout)
    })

  program
    .command('loops')
    .description('feedback loops: polarity, R/B, named loops matched; --dominance adds Loops That Matter')
    .argument('<model>', 'a .ts/.js module, a .json or XMILE model, or a folder with model.ts')
    .option('--json', 'JSON: { loops: [{ id, name?, polarity, variables, links }] }')
    .option('--dominance', 'add the dominant loop per interval over a run')
    .option('--through <var>', 'only loops through this variable')
    .action(async (model: string, flags: LoopsFlags) => {
      code = await loopsCommand(model, flags, io)
    })

  program
    .command('view')
    .description('serve the viewer on 127.0.0.1 with the model loaded; runs until interrupted')
    .argument('<model>', 'a .ts/.js module, a .json or XMILE model, or a folder with model.ts')
    .option('--port <n>', 'port (default 5180, or the next free one)')
    .option('--no-open', 'do not open a browser')
    .action(async (model: string, flags: { port?: string; open?: boolean }) => {
      code = await viewCommand(model, flags, io)
    })

  program
    .command('convert')
    .description("convert a model; the format follows OUT's extension: .json, .xmile or .ts (typed DSL source)")
    .argument('<in>', 'a model: .ts/.js, .json, .xmile/.stmx/.itmx or a folder with model.ts')
    .argument('<out>', 'the file to write (whole, or not at all)')
    .option('--force', 'overwrite OUT if it exists (never the input)')
    .action(async (input: string, output: string, flags: { force?: boolean }) => {
      code = await convertCommand(input, output, flags, io)
    })

  program
    .command('conformance')
    .description('run every XMILE model of an SDXorg test-models copy against its canonical output')
    .argument('<dir>', 'one test-models copy, e.g. path/to/test-models')
    .option('--json <file>', 'also write every row as JSON (whole, or not at all)')
    .action(async (dir: string, flags: { json?: string }) => {
      code = await conformanceCommand(dir, flags, io)
    })

  experimentOptions(
    program
      .command('sweep')
      .description('run every combination of parameter levels; a CSV row per run with each output at --at')
      .argument('<model>', 'a .ts/.js module, a .json or XMILE model, or a folder with model.ts'),
    'NAME=range(first,last,count) or NAME=values(x,y,...) (repeatable)',
  ).action(async (model: string, flags: ExperimentFlags) => {
    code = await sweepCommand(model, flags, io)
  })

  experimentOptions(
    program
      .command('montecarlo')
      .description('run with parameters drawn from distributions; CSV of 5/25/50/75/95th percentiles over time')
      .argument('<model>', 'a .ts/.js module, a .json or XMILE model, or a folder with model.ts')
      .option('--runs <n>', 'number of runs (default 200)')
      .option('--sampling <s>', 'lhs (Latin hypercube, default) or random')
      .option('--per-run', 'a row per run (its parameters and each output at --at) instead of percentiles'),
    'NAME=uniform(a,b), normal(mean,sd), lognormal(mean,sd) or triangular(a,mode,b) (repeatable)',
  ).action(async (model: string, flags: MonteCarloFlags) => {
    code = await montecarloCommand(model, flags, io)
  })

  experimentOptions(
    program
      .command('sensitivity')
      .description('Sobol first- and total-order indices (or Morris effects) of one output, inputs by importance')
      .argument('<model>', 'a .ts/.js module, a .json or XMILE model, or a folder with model.ts')
      .option('--analysis <a>', 'sobol (default) or morris')
      .option(
        '--runs <n>',
        'Sobol: base sample N, N*(k+2) runs (default 512); Morris: trajectories, r*(k+1) runs (default 20)',
      )
      .option('--levels <n>', 'Morris grid levels (even, default 4)')
      .option('--format <f>', 'text (default), csv or json'),
    'NAME=uniform(a,b), normal(mean,sd), lognormal(mean,sd) or triangular(a,mode,b) (repeatable)',
  ).action(async (model: string, flags: SensitivityFlags) => {
    code = await sensitivityCommand(model, flags, io)
  })

  runOptions(
    program
      .command('calibrate')
      .description('fit parameters to observed series (weighted least squares): estimates, standard errors, fit')
      .argument('<model>', 'a .ts/.js module, a .json or XMILE model, or a folder with model.ts')
      .option('--data <file>', 'CSV: a time column, then a column per observed variable (named like it)')
      .option(
        '--weight <series=w>',
        'weight of a series (repeatable; default 1 / variance of its observations)',
        collect,
      )
      .option('--max-iterations <n>', 'Levenberg-Marquardt steps before giving up (default 200)')
      .option('--format <f>', 'text (default), csv (the residuals) or json'),
    'NAME=uniform(min,max): a parameter to fit and its bounds (repeatable; starts from the model value)',
  ).action(async (model: string, flags: CalibrateFlags) => {
    code = await calibrateCommand(model, flags, io)
  })

  try {
    await program.parseAsync(argv, { from: 'user' })
    return code
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
    if (isUserError(err)) {
      io.stderr(
        err.message
          .split('\n')
          .map((line) => `stockflow: ${line.trim()}\n`)
          .join(''),
      )
      return 1
    }
    throw err
  }
}

/** The flags every experiment command takes: what to vary, what to keep, threads, and the run flags. */
function experimentOptions(command: Command, vary: string): Command {
  return runOptions(command, vary)
    .option('--output <vars>', 'output variables, comma-separated or repeated (default: every stock)', collect)
    .option('--at <when>', 'reduce each run to its value at a time, or final (default), max or mean')
    .option('--workers <n>', 'worker threads; 1 runs in this thread (default: one per core for 200 runs or more)')
}

/** What to vary and the settings of each run (calibrate takes only these). */
function runOptions(command: Command, vary: string): Command {
  return command
    .option('--vary <spec>', vary, collect)
    .option('--seed <n>', 'seed of the sampling and of the model random functions (default 1)')
    .option('--method <name>', "euler, rk2, rk4 or adaptive (default: the model's)")
    .option('--dt <n>', 'time step')
    .option('--saveper <n>', 'save interval, a multiple of dt')
    .option('--start <n>', 'start time')
    .option('--stop <n>', 'stop time')
    .option('--scenario <id>', 'a scenario of the model applied to every run')
    .option('--out <file>', 'write to a file (whole, or not at all) instead of stdout')
}

/** A StockflowError, possibly from another copy of the package (a model loaded through tsx). */
function isUserError(err: unknown): err is Error {
  return err instanceof Error && err.name === 'StockflowError'
}

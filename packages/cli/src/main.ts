import { Command, CommanderError } from 'commander'
import { isStockflowError } from '@stockflow/model'
import { VERSION } from '@stockflow/solver'
import type { CliCommand } from './command.js'
import { calibrateCli } from './commands/calibrate.js'
import { checkCli } from './commands/check.js'
import { conformanceCli } from './commands/conformance.js'
import { convertCli } from './commands/convert.js'
import { initCli } from './commands/init.js'
import { loopsCli } from './commands/loops.js'
import { montecarloCli } from './commands/montecarlo.js'
import { plotCli } from './commands/plot.js'
import { runCli } from './commands/run.js'
import { sensitivityCli } from './commands/sensitivity.js'
import { sweepCli } from './commands/sweep.js'
import { testCli } from './commands/test.js'
import { viewCli } from './commands/view.js'
import { processIo } from './io.js'
import type { Io } from './io.js'

/** Every subcommand, in the order `stockflow --help` lists them. */
const COMMANDS: readonly CliCommand[] = [
  runCli,
  checkCli,
  testCli,
  loopsCli,
  viewCli,
  convertCli,
  conformanceCli,
  sweepCli,
  montecarloCli,
  sensitivityCli,
  calibrateCli,
  plotCli,
  initCli,
]

/**
 * Runs the `stockflow` command line and returns its exit code: 0, or what the command returned; 1 for
 * a user mistake (bad model, bad flag value), one line per problem on stderr, never a stack trace; 2
 * for a command line commander cannot parse. Anything else is a bug and is thrown.
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let code = 0
  const program = new Command()
    .name('stockflow')
    .description('System-dynamics models: simulate, check, analyse.')
    // The solver's VERSION is the one every run records (run metadata), so the two always agree.
    .version(VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run stockflow --help for usage)')
  for (const command of COMMANDS) {
    command.options(program.command(command.name)).action(async (...parsed: unknown[]) => {
      code = await command.action(parsed, io)
    })
  }

  try {
    await program.parseAsync(argv, { from: 'user' })
    return code
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
    if (isStockflowError(err)) {
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

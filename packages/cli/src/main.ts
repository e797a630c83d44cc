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
import { workerCli } from './commands/worker.js'
import { INTERRUPTED_EXIT, Interrupted } from './interrupted.js'
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
  workerCli,
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
    .configureOutput(usageOutput(io, 'stockflow'))
  for (const command of COMMANDS) {
    command
      .options(program.command(command.name))
      .configureOutput(usageOutput(io, `stockflow ${command.name}`))
      .action(async (...parsed: unknown[]) => {
        code = await command.action(parsed, io)
      })
  }

  try {
    await program.parseAsync(argv, { from: 'user' })
    return code
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
    if (err instanceof Interrupted) {
      io.stderr(`stockflow: ${err.message}\n`)
      return INTERRUPTED_EXIT
    }
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

/** Commander's output on `io`, its usage errors as one line pointing at the help of `command`. */
function usageOutput(io: Io, command: string) {
  return {
    writeOut: io.stdout,
    writeErr: io.stderr,
    outputError: (text: string, write: (text: string) => void) => write(usageLine(text, command)),
  }
}

/**
 * `error: unknown option '--var'` and `(Did you mean --vars?)` on the next line become
 * `stockflow: unknown option '--var'; did you mean --vars? (stockflow run --help lists them)`.
 */
function usageLine(text: string, command: string): string {
  const [first = '', ...rest] = text.trim().split('\n')
  const message = first.replace(/^error: /, '').replace(/\.$/, '')
  const more = rest
    .map((line) => line.trim().replace(/^\((.*)\)$/, '$1'))
    .filter((line) => line !== '')
    .map((line) => `; ${line.charAt(0).toLowerCase()}${line.slice(1)}`)
    .join('')
  const help = /^unknown (option|command)/.test(message) ? 'lists them' : 'for usage'
  return `stockflow: ${message}${more} (${command} --help ${help})\n`
}

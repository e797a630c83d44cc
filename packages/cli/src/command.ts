import type { Command } from 'commander'
import type { Io } from './io.js'

/**
 * A subcommand's handler: its positional arguments, its flags as commander parsed them, and where to
 * write. It resolves to the exit code; user mistakes are thrown as StockflowErrors.
 */
export type Handler<Args extends readonly string[], Flags> = (...args: [...Args, Flags, Io]) => Promise<number>

/** One `stockflow` subcommand, as its module exports it: name, commander definition and handler together. */
export interface CliCommand {
  readonly name: string
  /** Adds the description, arguments and options to the empty command `main` made for `name`. */
  readonly options: (command: Command) => Command
  /** Calls the handler with what commander passes an action. */
  readonly action: (parsed: readonly unknown[], io: Io) => Promise<number>
}

/** A CliCommand around a typed handler; commander's untyped action arguments are cast here, once. */
export function cliCommand<Args extends readonly string[], Flags>(
  name: string,
  options: (command: Command) => Command,
  handler: Handler<Args, Flags>,
): CliCommand {
  return {
    name,
    options,
    action: (parsed, io) => {
      // commander passes the declared arguments, then the parsed flags, then the Command itself.
      const args = parsed.slice(0, -2) as unknown as Args
      return handler(...args, parsed.at(-2) as Flags, io)
    },
  }
}

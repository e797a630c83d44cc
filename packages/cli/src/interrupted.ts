/**
 * The user stopped a command (Ctrl+C) and it cleaned up: main prints the message as one `stockflow:`
 * line and exits 130, the shell's code for SIGINT, since the process ends on its own rather than by it.
 */
export class Interrupted extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'Interrupted'
  }
}

/** The exit code of a command interrupted by SIGINT (128 + 2). */
export const INTERRUPTED_EXIT = 130

/** Where the CLI writes; tests pass their own. */
export interface Io {
  stdout(text: string): void
  stderr(text: string): void
}

/** The process's own stdout and stderr. */
export const processIo: Io = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
}

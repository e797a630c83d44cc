/**
 * `stockflow ...` as a process of its own, started as the root `stockflow` script starts it (node with
 * tsx's loader and the source condition), for tests that signal it, watch its stderr or keep it running (workers).
 */
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// import.meta.url rather than __dirname: the benchmarks load this module as ESM.
const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The executable and arguments of the root `stockflow` script, from package.json: `node` is this
 * process's node, any other command a bin of node_modules.
 */
export function stockflowScript(): [string, string[]] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  const [command, ...script] = pkg.scripts['stockflow']!.split(' ')
  return [command === 'node' ? process.execPath : join(root, 'node_modules/.bin', command!), script]
}

/** A `stockflow ...` process started as the root `stockflow` script does (tsx's loader, source condition). */
export interface StockflowChild {
  readonly child: ChildProcess
  /** What it wrote to stderr so far. */
  stderr(): string
  /** Resolves once stderr matches `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<void>
  /** Resolves with the exit code (or the signal's name) once it has exited. */
  readonly exited: Promise<number | string>
  /** Stops it and anything it started, whatever state it is in (for `finally`). */
  kill(): Promise<void>
}

export function stockflowChild(...args: string[]): StockflowChild {
  const [command, script] = stockflowScript()
  // Not detached: a Ctrl+C of the test run reaches these processes too.
  const child = spawn(command, [...script, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  const watchers = new Set<() => void>()
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString()
    for (const w of watchers) w()
  })
  child.stdout!.resume()
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? -1)
      for (const w of watchers) w()
    }),
  )
  let gone = false
  void exited.then(() => (gone = true))
  return {
    child,
    stderr: () => err,
    exited,
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(err)) resolve()
          else if (gone || child.exitCode !== null || child.signalCode !== null)
            reject(new Error(`stockflow ${args.join(' ')} exited before printing ${pattern}:\n${err}`))
          else return
          watchers.delete(check)
        }
        watchers.add(check)
        check()
      }),
    async kill() {
      if (gone) return
      // SIGTERM first, then SIGKILL to it and any process it started if it lingers.
      const tree = [child.pid!, ...childPids(child.pid!)]
      child.kill('SIGTERM')
      const timer = setTimeout(() => tree.forEach((pid) => signal(pid, 'SIGKILL')), 10_000)
      await exited
      clearTimeout(timer)
      tree.forEach((pid) => signal(pid, 'SIGKILL'))
    },
  }
}

/** The process ids of `pid`'s children. */
function childPids(pid: number): number[] {
  const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
  return r.stdout.split('\n').filter(Boolean).map(Number)
}

/** Sends `name` to `pid` unless it is gone. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {
    // already gone
  }
}

/** A worker serving `url`, once it has printed its start line. */
export async function startWorker(url: string, ...more: string[]): Promise<StockflowChild> {
  const w = stockflowChild('worker', '--redis', url, '--threads', '1', ...more)
  try {
    await w.waitFor(/serving queue/)
  } catch (err) {
    await w.kill()
    throw err
  }
  return w
}

/**
 * A real Redis server for the queue tests: `redis-server` started on 127.0.0.1 at a free port, without
 * persistence, stopped by PID when the test file ends. CI installs Debian's redis-server; on a machine
 * without it the queue tests skip (and under CI they fail: a skip there would hide the whole feature).
 */
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createConnection } from 'node:net'

export interface RedisServer {
  readonly port: number
  /** `redis://127.0.0.1:PORT` (with the password when one was asked for). */
  readonly url: string
  /** The server's process; null once stopped. */
  readonly process: () => ChildProcess | null
  /** Stops the server (SIGTERM, then waits for it to exit). */
  stop(): Promise<void>
  /** Stops it and starts a new, empty one on the same port, as a restart without persistence does. */
  restart(): Promise<void>
}

/** Whether `redis-server` can run here; under CI its absence is an error, not a skip. */
export function redisAvailable(): boolean {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
  if (!found && process.env.CI)
    throw new Error('redis-server is not installed: .ci/run installs it (apt-get install redis-server)')
  return found
}

/** Starts a server on a free port (another is tried when one is taken); extra arguments go to redis-server. */
export async function startRedis(options: { password?: string; args?: readonly string[] } = {}): Promise<RedisServer> {
  const args = [...(options.password !== undefined ? ['--requirepass', options.password] : []), ...(options.args ?? [])]
  for (let attempt = 0; attempt < 8; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000)
    let child: ChildProcess | null = await launch(port, args)
    if (!child) continue
    const auth = options.password !== undefined ? `:${encodeURIComponent(options.password)}@` : ''
    const stop = async () => {
      const c = child
      child = null
      if (c && c.exitCode === null && c.signalCode === null) {
        const exited = new Promise((resolve) => c.once('exit', resolve))
        c.kill('SIGTERM')
        await exited
      }
    }
    return {
      port,
      url: `redis://${auth}127.0.0.1:${port}`,
      process: () => child,
      stop,
      async restart() {
        await stop()
        for (let i = 0; i < 50 && !child; i++) {
          child = await launch(port, args)
          if (!child) await new Promise((r) => setTimeout(r, 100))
        }
        if (!child) throw new Error(`redis-server did not start again on port ${port}`)
      },
    }
  }
  throw new Error('redis-server did not start on any of 8 ports')
}

/** One redis-server on `port`, once it accepts connections; null when it exits first (the port is taken). */
async function launch(port: number, args: readonly string[]): Promise<ChildProcess | null> {
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'no', ...args],
    { stdio: 'ignore' },
  )
  let exited = false
  child.once('exit', () => (exited = true))
  for (let i = 0; i < 300 && !exited; i++) {
    const pid = await serverPid(port)
    if (pid === child.pid || (pid === -1 && args.includes('--requirepass'))) return child
    await new Promise((r) => setTimeout(r, 10))
  }
  if (!exited) child.kill('SIGKILL')
  return null
}

/**
 * The process id of the Redis server answering on `port` (undefined when none answers yet): the check
 * that the server there is ours, not another process's that held the port first. A server started with
 * a password answers NOAUTH, which also means ours is up, since ours is the one with that password.
 */
function serverPid(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    let text = ''
    socket.setTimeout(500, () => (socket.destroy(), resolve(undefined)))
    socket.once('connect', () => socket.write('INFO server\r\n'))
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1')
      const pid = /process_id:(\d+)/.exec(text)
      if (pid || text.startsWith('-')) {
        socket.destroy()
        resolve(pid ? Number(pid[1]) : text.startsWith('-NOAUTH') ? -1 : undefined)
      }
    })
    socket.once('error', () => resolve(undefined))
  })
}

/**
 * `KEYS *` of database `db`, over a socket in RESP: the tests' look at what an experiment left on the
 * server, without a Redis client (the one the queue uses belongs to @stockflow/experiments).
 */
export function redisKeys(port: number, db = 0, password?: string): Promise<string[]> {
  const setup = [...(password !== undefined ? [`AUTH ${password}`] : []), `SELECT ${db}`]
  const ok = '+OK\r\n'.repeat(setup.length)
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    let text = ''
    socket.once('connect', () => socket.write([...setup, 'KEYS *', ''].join('\r\n')))
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8')
      if (!ok.startsWith(text.slice(0, ok.length)))
        return void (socket.destroy(), reject(new Error(`${setup.join('; ')}: ${text}`)))
      const lines = text.slice(ok.length).split('\r\n')
      const count = /^\*(\d+)$/.exec(lines[0] ?? '')
      if (!count || lines.length < 1 + 2 * Number(count[1]) + 1) return
      socket.destroy()
      resolve(Array.from({ length: Number(count[1]) }, (_, i) => lines[2 + 2 * i]!))
    })
    socket.once('error', reject)
  })
}

/**
 * A queue worker as a process of its own, for the queue tests: `node --import tsx
 * --conditions=@stockflow/source queue-worker-process.ts URL THREADS`. It prints one JSON line per
 * event (`ready` once it serves), so a test can tell which worker held which job; SIGTERM closes it.
 */
import { serveQueue } from '../src/queue.js'

const [url, threads] = process.argv.slice(2)
const say = (line: object) => process.stdout.write(JSON.stringify({ pid: process.pid, ...line }) + '\n')
const worker = await serveQueue({ redis: url!, threads: Number(threads ?? 1), onEvent: say })
say({ type: 'ready', queue: worker.queue })
process.once('SIGTERM', () => {
  void worker.close().then(() => process.exit(0))
})

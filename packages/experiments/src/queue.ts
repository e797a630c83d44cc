/**
 * @stockflow/experiments/queue: experiments beyond one machine. `connectQueue` is an Executor whose
 * batches are jobs on a Redis server (BullMQ); `serveQueue` is a worker for any machine that reaches
 * the server. Node only, and the only entry that loads bullmq and ioredis.
 */
export type { QueueConnection } from './redis-connection.js'
export { maskUrl } from './redis-url.js'
export type { QueueEvent, WorkerEvent } from './queue-events.js'
export type { QueueExecutor, QueueExecutorOptions } from './queue-executor.js'
export { connectQueue } from './queue-executor.js'
export type { QueueWorker, QueueWorkerOptions } from './queue-worker.js'
export { serveQueue } from './queue-worker.js'
export { queueName } from './queue-name.js'

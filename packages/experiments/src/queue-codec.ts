/**
 * What crosses the queue: a job's data (the plan's shared parts and its own rows, the model by hash)
 * and its result as compact binary. Numbers travel as raw little-endian f64 (base64 inside the job's
 * JSON), since JSON turns NaN, Infinity and -0 into null or 0 and failed runs are NaN.
 */
import { StockflowError } from '@stockflow/model'
import type { Batch, ExperimentPlan, RunFailure, RunSettings } from './plan.js'

/** A job: runs [first, first + count) of an experiment whose model JSON has sha256 `hash`. */
export interface JobData {
  readonly experiment: string
  readonly hash: string
  readonly first: number
  readonly count: number
  /** The plan's settings as JSON with non-finite numbers and -0 tagged (see `encodeNumbers`). */
  readonly settings: string
  readonly vars: readonly string[]
  readonly names: readonly string[]
  readonly sharedSeed: boolean
  /** count × names values, base64 of little-endian f64. */
  readonly values: string
  readonly scenarios: readonly (string | null)[] | null
  /** Seconds the result key lives. */
  readonly ttl: number
}

/** The job of rows [first, first + count) of a plan. */
export function encodeJob(
  plan: ExperimentPlan,
  job: { experiment: string; hash: string; first: number; count: number; ttl: number },
): JobData {
  const k = plan.names.length
  const { first, count } = job
  return {
    ...job,
    settings: JSON.stringify(plan.settings, (_, v: unknown) => tagNumber(v)),
    vars: [...plan.vars],
    names: [...plan.names],
    sharedSeed: plan.sharedSeed ?? false,
    values: f64ToBase64(plan.values.subarray(first * k, (first + count) * k)),
    scenarios: plan.scenarios ? plan.scenarios.slice(first, first + count).map((s) => s ?? null) : null,
  }
}

/**
 * The job's plan without its model: its rows only, run `first` being row 0. Every malformed field is one
 * StockflowError line (the worker fails the job at once rather than retrying a TypeError). `id`, the
 * job's id, must be `<experiment>-<first>`.
 */
export function decodeJob(raw: unknown, id?: string): { data: JobData; plan: Omit<ExperimentPlan, 'model'> } {
  const d = raw as Partial<Record<keyof JobData, unknown>>
  const bad = (what: string) => new StockflowError(`bad job data from the queue: ${what}`)
  if (typeof d !== 'object' || d === null || Array.isArray(d)) throw bad('not an object')
  for (const key of ['experiment', 'hash', 'settings', 'values'] as const)
    if (typeof d[key] !== 'string') throw bad(`"${key}" is not a string`)
  if (!/^[\w.]+$/.test(d.experiment as string)) throw bad(`"experiment" is not a name`)
  if (!/^[0-9a-f]{64}$/.test(d.hash as string)) throw bad(`"hash" is not a sha256`)
  for (const key of ['first', 'count', 'ttl'] as const)
    if (!Number.isSafeInteger(d[key]) || (d[key] as number) < 0) throw bad(`"${key}" is not a count`)
  if (typeof d.sharedSeed !== 'boolean') throw bad('"sharedSeed" is not true or false')
  for (const key of ['vars', 'names'] as const)
    if (!Array.isArray(d[key]) || !(d[key] as unknown[]).every((s) => typeof s === 'string'))
      throw bad(`"${key}" is not a list of names`)
  const data = d as JobData
  if (id !== undefined && id !== `${data.experiment}-${data.first}`)
    throw bad(`job ${id} is not run ${data.first} of experiment ${data.experiment}`)
  const values = base64ToF64(data.values)
  if (values.length !== data.count * data.names.length) throw bad(`${values.length} values for ${data.count} runs`)
  if (
    data.scenarios !== null &&
    (!Array.isArray(data.scenarios) ||
      data.scenarios.length !== data.count ||
      !data.scenarios.every((s: unknown) => s === null || typeof s === 'string'))
  )
    throw bad('"scenarios" is not a name or null for each run')
  let settings: unknown
  try {
    settings = JSON.parse(data.settings, (_, v: unknown) => untagNumber(v))
  } catch {
    throw bad('"settings" is not JSON')
  }
  const problem = settingsProblem(settings)
  if (problem) throw bad(`"settings": ${problem}`)
  return {
    data,
    plan: {
      settings: settings as RunSettings,
      vars: data.vars,
      names: data.names,
      values,
      runs: data.count,
      ...(data.scenarios ? { scenarios: data.scenarios.map((s) => s ?? undefined) } : {}),
      ...(data.sharedSeed ? { sharedSeed: true } : {}),
    },
  }
}

/** What is wrong with a job's settings (the fields an experiment shares), or undefined. */
function settingsProblem(s: unknown): string | undefined {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return 'not an object'
  const o = s as Record<string, unknown>
  for (const key of ['start', 'stop', 'dt', 'saveper', 'seed'] as const)
    if (o[key] !== undefined && typeof o[key] !== 'number') return `"${key}" is not a number`
  for (const key of ['method', 'scenario', 'onNonFinite'] as const)
    if (o[key] !== undefined && typeof o[key] !== 'string') return `"${key}" is not a string`
  const set = o.set
  if (set !== undefined) {
    if (typeof set !== 'object' || set === null || Array.isArray(set)) return '"set" is not an object'
    for (const [name, v] of Object.entries(set)) if (typeof v !== 'number') return `"set.${name}" is not a number`
  }
  return undefined
}

/** `[u32 meta length][meta JSON][padding to 8][times][values]`, the numbers little-endian f64. */
export function encodeResult(batch: Batch): Buffer {
  const meta = Buffer.from(
    JSON.stringify({
      first: batch.first,
      count: batch.count,
      times: batch.times.length,
      values: batch.values.length,
      failures: batch.failures,
    }),
  )
  const head = Math.ceil((4 + meta.length) / 8) * 8
  const out = Buffer.alloc(head + 8 * (batch.times.length + batch.values.length))
  out.writeUInt32LE(meta.length, 0)
  meta.copy(out, 4)
  writeF64(out, head, batch.times)
  writeF64(out, head + 8 * batch.times.length, batch.values)
  return out
}

export function decodeResult(buf: Buffer): Batch {
  const length = buf.readUInt32LE(0)
  const meta = JSON.parse(buf.subarray(4, 4 + length).toString()) as {
    first: number
    count: number
    times: number
    values: number
    failures: RunFailure[]
  }
  const head = Math.ceil((4 + length) / 8) * 8
  return {
    first: meta.first,
    count: meta.count,
    times: readF64(buf, head, meta.times),
    values: readF64(buf, head + 8 * meta.times, meta.values),
    failures: meta.failures,
  }
}

export function f64ToBase64(values: Float64Array): string {
  const buf = Buffer.alloc(8 * values.length)
  writeF64(buf, 0, values)
  return buf.toString('base64')
}

export function base64ToF64(text: string): Float64Array {
  const buf = Buffer.from(text, 'base64')
  if (buf.length % 8 !== 0) throw new StockflowError('bad job data from the queue: values are not whole f64s')
  return readF64(buf, 0, buf.length / 8)
}

/** Raw bytes where the machine is little-endian (NaN payloads kept bit for bit), else one number at a time. */
const LITTLE = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f

function writeF64(buf: Buffer, at: number, values: Float64Array): void {
  if (LITTLE) buf.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at)
  else for (let i = 0; i < values.length; i++) buf.writeDoubleLE(values[i]!, at + 8 * i)
}

function readF64(buf: Buffer, at: number, n: number): Float64Array {
  const out = new Float64Array(n)
  if (LITTLE) new Uint8Array(out.buffer).set(buf.subarray(at, at + 8 * n))
  else for (let i = 0; i < n; i++) out[i] = buf.readDoubleLE(at + 8 * i)
  return out
}

/** JSON keeps finite numbers other than -0 exactly; the rest travel as `{ "f64": "NaN" | "-0" | ... }`. */
function tagNumber(v: unknown): unknown {
  if (typeof v !== 'number' || (Number.isFinite(v) && !Object.is(v, -0))) return v
  return { f64: Object.is(v, -0) ? '-0' : String(v) }
}

function untagNumber(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v
  const keys = Object.keys(v)
  const f = (v as { f64?: unknown }).f64
  return keys.length === 1 && typeof f === 'string' ? (f === '-0' ? -0 : Number(f)) : v
}

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeJob, decodeResult, encodeJob, encodeResult } from '../src/queue-codec.js'
import { maskUrl } from '../src/redis-connection.js'
import { growthModel } from './growth.js'
import { bytes } from './queue-support.js'

describe('queue codec', () => {
  it('a result round-trips bit for bit: NaN (with its payload), -0, infinities', () => {
    const values = new Float64Array([1.5, NaN, -0, Infinity, -Infinity, Number.MIN_VALUE, 0.1 + 0.2])
    new DataView(values.buffer).setBigUint64(8, 0xfff8000000000001n, true)
    const batch = {
      first: 40,
      count: 7,
      times: new Float64Array([0, 0.5]),
      values,
      failures: [{ run: 41, message: 'x' }],
    }
    const back = decodeResult(encodeResult(batch))
    expect(bytes(back.values).equals(bytes(values))).toBe(true)
    expect(bytes(back.times).equals(bytes(batch.times))).toBe(true)
    expect(back).toMatchObject({ first: 40, count: 7, failures: batch.failures })
  })

  it('a job carries its own rows, its scenarios and settings (-0 and NaN included)', () => {
    const plan = {
      model: growthModel(),
      settings: { seed: 3, set: { r: -0, x: NaN } },
      vars: ['x'],
      names: ['r', 'x'],
      values: new Float64Array([1, 2, 3, -0, 5, NaN]),
      runs: 3,
      scenarios: ['a', undefined, 'c'],
    }
    const data = JSON.parse(
      JSON.stringify(encodeJob(plan, { experiment: 'e', hash: 'h', first: 1, count: 2, ttl: 60 })),
    )
    const { plan: back } = decodeJob(data)
    expect(bytes(back.values).equals(bytes(new Float64Array([3, -0, 5, NaN])))).toBe(true)
    expect(back.scenarios).toEqual([undefined, 'c'])
    expect(Object.is(back.settings.set!.r, -0)).toBe(true)
    expect(back.settings.set!.x).toBeNaN()
    expect(() => decodeJob({ ...data, count: 3 })).toThrow(/^bad job data from the queue: 4 values for 3 runs/)
  })

  it('masks the password of a Redis URL', () => {
    expect(maskUrl('redis://:s3cr%40t@127.0.0.1:6379/2')).toBe('redis://:***@127.0.0.1:6379/2')
    expect(maskUrl('rediss://alice:pw@h:1')).toBe('rediss://alice:***@h:1')
    expect(maskUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379')
  })

  it('the main entry loads neither bullmq nor ioredis (it runs in browsers)', () => {
    const seen = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      const text = readFileSync(join(__dirname, '../src', file), 'utf8')
      expect(text, file).not.toMatch(/from '(bullmq|ioredis)'/)
      for (const m of text.matchAll(/from '\.\/([\w-]+)\.js'/g)) visit(`${m[1]}.ts`)
    }
    visit('index.ts')
    expect(seen.size).toBeGreaterThan(10)
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { StockflowError } from '@stockflow/model'
import { decodeJob, decodeResult, encodeJob, encodeResult } from '../src/queue-codec.js'
import { checkUrl, maskUrl } from '../src/redis-url.js'
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
      JSON.stringify(encodeJob(plan, { experiment: 'e', hash: 'ab'.repeat(32), first: 1, count: 2, ttl: 60 })),
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

  it('masks a password with a raw / (unreadable URL), one in the query, and one before the last @', () => {
    expect(maskUrl('redis://:pa/ss@h:1')).toBe('redis://:***@h:1')
    expect(maskUrl('redis://h:1/0?password=s3cret&db=1')).toBe('redis://h:1/0?password=***&db=1')
    expect(maskUrl('redis://h:1?family=6&sentinelPassword=x')).toBe('redis://h:1?family=6&sentinelPassword=***')
    expect(maskUrl('redis://alice:p@ss@h:1/2')).toBe('redis://alice:***@h:1/2')
    expect(maskUrl('redis://secret@h:1')).toBe('redis://***@h:1')
    // An @ in a query value is not the end of the user info; a raw ? or # in a password is masked with it.
    expect(maskUrl('redis://:secret@host/0?name=a@b')).toBe('redis://:***@host/0?name=a@b')
    expect(maskUrl('redis://host:6379/0?x=a@b')).toBe('redis://host:6379/0?x=a@b')
    expect(maskUrl('redis://:pa?ss@host:1')).toBe('redis://:***@host:1')
    expect(maskUrl('redis://u:pa#ss@host:1')).toBe('redis://u:***@host:1')
    for (const url of ['redis://:pa/ss@h:1', 'redis://:1/ss@h:1', 'redis://u:pa#ss@h:1'])
      expect(() => checkUrl(url), url).toThrow(/a password with \/ @ : # % must be URL-encoded \(e\.g\. \/ as %2F\)$/)
    expect(() => checkUrl('redis://:pa/ss@h:1')).toThrow(
      'not a Redis URL: "redis://***@h:1" cannot be read: write redis://[user:password@]host[:port][/db]; a password with / @ : # % must be URL-encoded (e.g. / as %2F)',
    )
    expect(() => checkUrl('redis://h:1/0?password=s3cret')).not.toThrow()
  })

  it('a malformed job is one line, whatever the field (never a TypeError to retry)', () => {
    const plan = {
      model: growthModel(),
      settings: { seed: 3 },
      vars: ['x'],
      names: ['r'],
      values: new Float64Array([1, 2]),
      runs: 2,
      scenarios: ['a', undefined],
    }
    const hash = 'ab'.repeat(32)
    const data = JSON.parse(JSON.stringify(encodeJob(plan, { experiment: 'xe', hash, first: 0, count: 2, ttl: 60 })))
    expect(decodeJob(data, 'xe-0').plan.runs).toBe(2)
    const cases: [object, RegExp, string?][] = [
      [{ scenarios: [1, null] }, /"scenarios" is not a name or null for each run/],
      [{ settings: 'null' }, /"settings": not an object/],
      [{ settings: '[1]' }, /"settings": not an object/],
      [{ settings: '{"seed":"7"}' }, /"settings": "seed" is not a number/],
      [{ settings: '{"set":{"r":"x"}}' }, /"settings": "set.r" is not a number/],
      [{ hash: 'nope' }, /"hash" is not a sha256/],
      [{ sharedSeed: 1 }, /"sharedSeed" is not true or false/],
      [{}, /job xf-0 is not run 0 of experiment xe/, 'xf-0'],
      [{ first: 1 }, /job xe-0 is not run 1 of experiment xe/],
    ]
    for (const [change, message, id] of cases) {
      const run = () => decodeJob({ ...data, ...change }, id ?? 'xe-0')
      expect(run, JSON.stringify(change)).toThrow(StockflowError)
      expect(run, JSON.stringify(change)).toThrow(message)
    }
    expect(() => decodeJob([])).toThrow(/not an object/)
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

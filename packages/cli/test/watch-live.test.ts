import { mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { modelToJSON } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import teacup from '../../../seeds/teacup/model.js'
import { viewCommand } from '../src/commands/view.js'
import { typecheckModel } from '../src/typecheck.js'
import { combined, LiveModel } from '../src/watch-live.js'
import type { FreshModel } from '../src/watch-load.js'
import { folders, until } from './watch-support.js'

// Inside the package, so a `.ts` model's `@stockflow/model` import resolves as a user's would.
const folder = folders(join(__dirname, '.scratch'), 'watch-live-')

/** Teacup with another initial temperature: a new version of the model. */
const version = (initial: number): Model => ({
  ...teacup,
  elements: teacup.elements.map((e) => (e.kind === 'stock' ? { ...e, initial: String(initial) } : e)),
})

const TYPE_ERROR =
  "model.ts:3:30: error TS2353: Object literal may only specify known properties, and 'mni' does not exist"

describe('LiveModel: type errors count as not compiling', () => {
  it('keeps the last good model over a save with type errors, shows them, and takes the next clean save', async () => {
    const file = join(folder(), 'model.ts')
    writeFileSync(file, '// the loads below are the test’s own\n')
    let model = version(180)
    let types: string[] = []
    const load = async (): Promise<FreshModel> => ({ model, file: 'model.ts', path: file, imported: [] })
    const logged: string[] = []
    const live = await LiveModel.start(file, { load, typecheck: async () => types, log: (l) => logged.push(l) })
    try {
      expect(live.status).toEqual({ version: 1, errors: [] })
      const good = live.modelJSON
      model = version(150)
      types = [TYPE_ERROR]
      await live.reload()
      expect(live.status).toEqual({ version: 1, errors: [TYPE_ERROR] })
      expect(live.modelJSON).toBe(good)
      expect(logged).toContain(TYPE_ERROR)
      types = []
      await live.reload()
      expect(live.status).toEqual({ version: 2, errors: [] })
      expect(live.modelJSON).toBe(modelToJSON(version(150)))
    } finally {
      await live.close()
    }
  })

  it('shows a first version’s type errors once checked, over it (there is no other to show)', async () => {
    const file = join(folder(), 'model.ts')
    writeFileSync(file, '\n')
    let checked: (lines: string[]) => void = () => {}
    const typecheck = () => new Promise<string[]>((done) => (checked = done))
    const load = async (): Promise<FreshModel> => ({ model: teacup, file: 'model.ts', path: file, imported: [] })
    const live = await LiveModel.start(file, { load, typecheck })
    try {
      // Served before the (slow, first) check is done.
      expect(live.status).toEqual({ version: 1, errors: [] })
      checked([TYPE_ERROR])
      await until(() => (live.status.errors.length ? true : undefined))
      expect(live.status).toEqual({ version: 1, errors: [TYPE_ERROR] })
      expect(live.modelJSON).toBe(modelToJSON(teacup))
    } finally {
      await live.close()
    }
  })

  it('puts the compiler’s lines first and drops a load error at a place they name', () => {
    const load = ['model.ts:3:30: could not load the model: Expected ")"', 'model.ts: error [unknown] "X"']
    expect(combined(["model.ts:3:30: error TS1005: ')' expected."], load)).toEqual([
      "model.ts:3:30: error TS1005: ')' expected.",
      'model.ts: error [unknown] "X"',
    ])
    expect(combined([], load)).toEqual(load)
  })

  it('type-checks a real .ts model after a save: a misspelt option is a type error, and refused at load', async () => {
    const dir = folder()
    const file = join(dir, 'model.ts')
    const source = (options: string) => `import { model, param, stock } from '@stockflow/model'
const s = stock('Stock', { initial: 1, units: 'widget' })
const p = param('Rate', 2, ${options})
export default model('typed', { time: { start: 0, stop: 2, dt: 1 }, elements: [s, p] })
`
    writeFileSync(file, source("{ units: '1/day' }"))
    const live = await LiveModel.start(file, { debounceMs: 50 })
    try {
      expect(live.status.version).toBe(1)
      writeFileSync(file, source("{ units: '1/day', mni: 0 }"))
      await live.reload()
      expect(live.status.version).toBe(1)
      // The compiler's line, then the DSL's own refusal at load, which knows the key meant.
      expect(live.status.errors).toHaveLength(2)
      expect(live.status.errors[0]).toMatch(/model\.ts:3:\d+: error TS2353: .*'mni'/)
      expect(live.status.errors[1]).toMatch(/model\.ts:3:\d+: could not load the model: .*"mni"; did you mean "min"\?/)
      expect(live.modelJSON).not.toContain('mni')
    } finally {
      await live.close()
    }
  }, 180_000)
})

describe('the type checker kept for the session', () => {
  it('checks a save by its text: one in the same clock tick as the last (same time, same size) is not missed', () => {
    const dir = folder()
    const file = join(dir, 'model.ts')
    const source = (name: string) => `import { model, stock } from '@stockflow/model'
const s = stock('Stock', { initial: 1 })
export default model('tick', { time: { start: 0, stop: 2, dt: 1 }, elements: [${name}] })
`
    writeFileSync(file, source('s'))
    const { mtime } = statSync(file)
    expect(typecheckModel(file).diagnostics).toEqual([])
    // The same length, written within the same tick of a coarse clock.
    writeFileSync(file, source('z'))
    utimesSync(file, mtime, mtime)
    const messages = typecheckModel(file).diagnostics.map((d) => d.message)
    expect(messages).toContainEqual(expect.stringMatching(/Cannot find name 'z'/))
  }, 120_000)
})

describe('LiveModel: a first load that fails waits for a save that loads', () => {
  it('serves nothing yet, holds /model.json, and answers it with the first good version', async () => {
    const dir = folder()
    const file = join(dir, 'model.json')
    const good = modelToJSON(teacup)
    writeFileSync(file, good.replace('"name"', '"name" oops'))
    const live = await LiveModel.start(file, { debounceMs: 50 })
    const server = createServer((req, res) =>
      req.url === '/events' ? live.handleEvents(req, res) : live.handleModel(req, res),
    )
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    try {
      expect(live.status.version).toBe(0)
      expect(live.status.errors[0]).toMatch(/model\.json/)
      expect(live.modelJSON).toBeUndefined()
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      let answered = false
      const body = fetch(`${base}/model.json`).then(async (r) => {
        answered = true
        return r.text()
      })
      // Still waiting after a save that does not load either.
      writeFileSync(file, good.replace('"name"', '"name" still broken'))
      await until(() => (live.status.errors.some((e) => e.includes('model.json')) ? true : undefined))
      expect(live.status.version).toBe(0)
      writeFileSync(file, good)
      await until(() => (live.status.version === 1 ? true : undefined))
      expect(live.status.errors).toEqual([])
      expect(JSON.parse(await body)).toEqual(JSON.parse(good))
      expect(answered).toBe(true)
      // Now answered at once.
      expect(JSON.parse(await (await fetch(`${base}/model.json`)).text())).toEqual(JSON.parse(good))
    } finally {
      await live.close()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    }
  })

  it('view --watch starts the server and says it waits; a missing file still exits 1', async () => {
    const dir = folder()
    const viewerDir = join(dir, 'viewer')
    mkdirSync(join(viewerDir, 'dist'), { recursive: true })
    writeFileSync(join(viewerDir, 'package.json'), '{}')
    writeFileSync(join(viewerDir, 'dist/index.html'), '<!doctype html><title>viewer</title>')
    const file = join(dir, 'model.json')
    writeFileSync(file, '{ "broken": ')
    const out: string[] = []
    const err: string[] = []
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) }
    const stop = new AbortController()
    const code = viewCommand(file, { watch: true, open: false, port: '0' }, io, {
      mode: 'dist',
      viewerDir,
      signal: stop.signal,
    })
    await until(() => (out.some((l) => l.includes('waiting for a save that loads')) ? true : undefined))
    expect(out.join('')).toMatch(/the viewer is at http:\/\/127\.0\.0\.1:\d+\/\?model=served/)
    expect(err.join('')).toMatch(/^stockflow: .*model\.json/)
    stop.abort()
    expect(await code).toBe(0)

    const missing = viewCommand(join(dir, 'nope.ts'), { watch: true, open: false, port: '0' }, io, {
      mode: 'dist',
      viewerDir,
    })
    expect(await missing).toBe(1)
    expect(err.at(-1)).toMatch(/nope\.ts: no such file or folder/)
  })
})

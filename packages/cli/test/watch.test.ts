import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { modelToJSON } from '@stockflow/model'
import teacup from '../../../seeds/teacup/model.js'
import { FolderWatcher } from '../src/watch.js'
import { isIgnoredName, watchTargets } from '../src/watch-files.js'
import { LiveModel } from '../src/watch-live.js'
import { loadFresh } from '../src/watch-load.js'
import { folders, until } from './watch-support.js'

// Inside the package, so a `.ts` model's `@stockflow/model` import resolves as a user's would.
const folder = folders(join(__dirname, '.scratch'), 'watch-')

describe('what a save is', () => {
  it('never the viewer layout sidecar nor editor temporary files', () => {
    for (const name of ['model.layout.json', 'World3.LAYOUT.json', '.model.ts.swp', 'model.ts.swo', 'model.ts~'])
      expect(isIgnoredName(name), name).toBe(true)
    for (const name of ['.#model.ts', '#model.ts#', '4913', 'model.ts.tmp.1234.5678'])
      expect(isIgnoredName(name), name).toBe(true)
    for (const name of ['model.ts', 'params.json', 'layout.ts', 'data.csv'])
      expect(isIgnoredName(name), name).toBe(false)
  })

  it('a .ts model: its folder modules and JSON, its local imports elsewhere, nothing below node_modules', () => {
    const t = watchTargets('/m/model.ts', ['/m/model.ts', '/lib/shared.ts', '/m/node_modules/x/index.js'])
    expect(t.folders).toEqual(['/m', '/lib'])
    expect(t.counts('/m/model.ts')).toBe(true)
    expect(t.counts('/m/params.json')).toBe(true)
    expect(t.counts('/m/helpers.mts')).toBe(true)
    expect(t.counts('/lib/shared.ts')).toBe(true)
    expect(t.counts('/lib/other.ts')).toBe(false)
    expect(t.counts('/m/model.layout.json')).toBe(false)
    expect(t.counts('/m/.model.ts.swp')).toBe(false)
    expect(t.counts('/m/notes.md')).toBe(false)
    expect(t.counts('/m/sub/model.ts')).toBe(false)
  })

  it('a .mdl model: the file and the data files it read; a JSON or XMILE model: the file', () => {
    const mdl = watchTargets('/m/wrld3.mdl', ['/m/data/inputs.csv'])
    expect(mdl.folders).toEqual(['/m', '/m/data'])
    expect(mdl.counts('/m/wrld3.mdl')).toBe(true)
    expect(mdl.counts('/m/data/inputs.csv')).toBe(true)
    expect(mdl.counts('/m/other.mdl')).toBe(false)
    expect(mdl.counts('/m/wrld3.layout.json')).toBe(false)
    const json = watchTargets('/m/model.json')
    expect(json.counts('/m/model.json')).toBe(true)
    expect(json.counts('/m/other.json')).toBe(false)
    expect(json.counts('/m/model.ts')).toBe(false)
  })
})

describe('FolderWatcher', () => {
  it('reports a burst of writes once, and never the ignored files written alongside', async () => {
    const dir = folder()
    const file = join(dir, 'model.json')
    writeFileSync(file, '{}')
    const calls: (readonly string[])[] = []
    const watcher = new FolderWatcher(watchTargets(file), { onChange: (files) => calls.push(files), debounceMs: 100 })
    try {
      writeFileSync(join(dir, 'model.layout.json'), '{}')
      writeFileSync(join(dir, '.model.json.swp'), 'x')
      writeFileSync(join(dir, 'model.json~'), 'x')
      // An editor's save: truncate and write, twice.
      writeFileSync(file, '{"a"')
      writeFileSync(file, '{"a": 1}')
      writeFileSync(file, '{"a": 2}')
      await until(() => (calls.length ? true : undefined))
      expect(calls).toEqual([[file]])
      // The next burst is reported again.
      writeFileSync(file, '{"a": 3}')
      await until(() => (calls.length === 2 ? true : undefined))
      expect(calls[1]).toEqual([file])
    } finally {
      watcher.close()
    }
  })
})

describe('LiveModel', () => {
  it('keeps the last good model over a broken save, says why, and recovers on the next good one', async () => {
    const dir = folder()
    const file = join(dir, 'model.json')
    const good = modelToJSON(teacup)
    writeFileSync(file, good)
    const logged: string[] = []
    const live = await LiveModel.start(file, { debounceMs: 50, log: (line) => logged.push(line) })
    try {
      expect(live.status).toEqual({ version: 1, errors: [] })
      writeFileSync(file, good.replace('"name"', '"name" oops'))
      const errors = await until(() => (live.status.errors.length ? live.status.errors : undefined))
      expect(errors[0]).toMatch(/model\.json/)
      expect(live.status.version).toBe(1)
      expect(live.modelJSON).toBe(good)
      const changed = good.replace('"initial": "180"', '"initial": "150"')
      expect(changed).not.toBe(good)
      writeFileSync(file, changed)
      await until(() => (live.status.version === 2 ? true : undefined))
      expect(live.status.errors).toEqual([])
      expect(live.modelJSON).toContain('150')
      expect(logged.some((l) => l.endsWith('reloaded'))).toBe(true)
    } finally {
      await live.close()
    }
  })

  it('a layout sidecar written beside a good model changes nothing: no reload, no new version', async () => {
    const dir = folder()
    const file = join(dir, 'model.json')
    writeFileSync(file, modelToJSON(teacup))
    const live = await LiveModel.start(file, { debounceMs: 50 })
    try {
      await until(() => (live.idle ? true : undefined))
      const { status, loaded, seen } = live
      expect(status).toEqual({ version: 1, errors: [] })
      writeFileSync(join(dir, 'model.layout.json'), '{"nodes": {}}')
      // The watcher saw the write and let it go: nothing waits, nothing loads.
      await until(() => (live.seen > seen && live.idle ? true : undefined))
      expect(live.loaded).toBe(loaded)
      expect(live.status).toEqual(status)
      // The same wait sees a model save (so the one above could have failed).
      writeFileSync(file, modelToJSON(teacup).replace('"initial": "180"', '"initial": "150"'))
      await until(() => (live.loaded > loaded && live.idle ? true : undefined))
      expect(live.status.version).toBe(2)
    } finally {
      await live.close()
    }
  })

  it('reports a model that validates badly as its errors, one line each', async () => {
    const dir = folder()
    const file = join(dir, 'model.json')
    writeFileSync(file, modelToJSON(teacup))
    const live = await LiveModel.start(file, { debounceMs: 50 })
    try {
      writeFileSync(file, modelToJSON(teacup).replace('"equation": "(', '"equation": "(No Such Thing + '))
      await live.reload()
      expect(live.status.errors.length).toBeGreaterThan(0)
      for (const line of live.status.errors) expect(line).not.toContain('\n')
      expect(live.status.errors.join('\n')).toMatch(/model\.json: error/)
    } finally {
      await live.close()
    }
  })
})

describe('loadFresh', () => {
  it('imports a .ts model afresh every time (a worker per load), with its local imports', async () => {
    const dir = folder()
    const file = join(dir, 'model.ts')
    const source = (initial: number) => `import { model, stock } from '@stockflow/model'
import { start } from './times.ts'
const s = stock('Stock', { initial: ${initial} })
export default model('fresh', { time: { start, stop: 2, dt: 1 }, elements: [s] })
`
    writeFileSync(join(dir, 'times.ts'), 'export const start = 0\n')
    writeFileSync(file, source(1))
    const first = await loadFresh(file)
    expect(first.model.elements[0]).toMatchObject({ initial: '1' })
    expect(first.imported).toEqual(expect.arrayContaining([file, join(dir, 'times.ts')]))
    expect(first.imported.some((f) => f.includes(join('packages', 'model')))).toBe(false)
    writeFileSync(file, source(2))
    expect((await loadFresh(file)).model.elements[0]).toMatchObject({ initial: '2' })
    writeFileSync(file, source(3).replace('{ initial: 3 }', '{ initial: 3 )'))
    await expect(loadFresh(file)).rejects.toThrow(/model\.ts:3:\d+: could not load the model: /)
  }, 120_000)
})

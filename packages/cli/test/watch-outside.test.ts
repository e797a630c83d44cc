import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FreshLoadError, loadFresh } from '../src/watch-load.js'
import { LiveModel } from '../src/watch-live.js'
import { ModuleLoader } from '../src/watch-worker.js'
import { folders, until } from './watch-support.js'

// Models in folders outside the repository with no node_modules (a lone model.ts, `stockflow init` before
// `npm install`): `@stockflow/*` resolve from the CLI's own installation, here the checkout's packages.
const folder = folders(tmpdir(), 'stockflow-watch-')

const source = (initial: string, head = '') => `import { model, stock } from '@stockflow/model'
${head}
const s = stock('Stock', { initial: ${initial} })
export default model('outside', { time: { start: 0, stop: 2, dt: 1 }, elements: [s] })
`
const ESM = JSON.stringify({ type: 'module' })
/** A module that fails as it runs (after it was found and linked). */
const NOT_YET = "export const initial: number = (() => {\n  throw new Error('not yet')\n})()\n"

describe('loadFresh: a model in a folder without node_modules', () => {
  it('as `stockflow init` writes it ("type": "module"), with a local import', async () => {
    const dir = folder({ 'package.json': ESM, 'start.ts': 'export const initial: number = 4\n' })
    const file = join(dir, 'model.ts')
    writeFileSync(file, source('initial', "import { initial } from './start.ts'"))
    const fresh = await loadFresh(file)
    expect(fresh.model.elements[0]).toMatchObject({ initial: '4' })
    expect(fresh.imported).toEqual(expect.arrayContaining([file, join(dir, 'start.ts')]))
  }, 120_000)

  it('a lone model.ts (run as CommonJS), with a local import', async () => {
    const dir = folder({ 'start.ts': 'export const initial: number = 5\n' })
    const file = join(dir, 'model.ts')
    writeFileSync(file, source('initial', "import { initial } from './start.ts'"))
    const fresh = await loadFresh(file)
    expect(fresh.model.elements[0]).toMatchObject({ initial: '5' })
    expect(fresh.imported).toEqual(expect.arrayContaining([file, join(dir, 'start.ts')]))
  }, 120_000)

  it('a load that fails names the local files it reached', async () => {
    const lib = folder({ 'package.json': ESM, 'start.ts': NOT_YET })
    const dir = folder({ 'package.json': ESM })
    const file = join(dir, 'model.ts')
    writeFileSync(file, source('initial', `import { initial } from '../${basename(lib)}/start.ts'`))
    const failed = await loadFresh(file).catch((err: unknown) => err)
    expect(failed).toBeInstanceOf(FreshLoadError)
    expect((failed as FreshLoadError).message).toMatch(/could not load the model: .*not yet/)
    expect((failed as FreshLoadError).imported).toEqual(expect.arrayContaining([join(lib, 'start.ts')]))
  }, 120_000)
})

describe('LiveModel outside the repository', () => {
  it('a failed reload watches the files it newly imports: saving their fix reloads', async () => {
    const lib = folder({ 'package.json': ESM })
    const dir = folder({ 'package.json': ESM })
    const file = join(dir, 'model.ts')
    writeFileSync(file, source('1'))
    const live = await LiveModel.start(file, { debounceMs: 50, typecheck: false })
    try {
      expect(live.status).toEqual({ version: 1, errors: [] })
      expect(live.folders).toEqual([dir])
      writeFileSync(join(lib, 'start.ts'), NOT_YET)
      writeFileSync(file, source('initial', `import { initial } from '../${basename(lib)}/start.ts'`))
      await until(() => (live.status.errors.some((e) => e.includes('not yet')) && live.idle ? true : undefined))
      expect(live.folders).toEqual(expect.arrayContaining([dir, lib]))
      // Only the imported file was saved: the watcher sees it in its folder.
      writeFileSync(join(lib, 'start.ts'), 'export const initial: number = 7\n')
      await until(() => (live.status.version === 2 ? true : undefined))
      expect(live.status.errors).toEqual([])
      expect(live.modelJSON).toMatch(/"initial": "7"/)
    } finally {
      await live.close()
    }
  }, 180_000)

  it('refuses a .cts or .cjs model, as view and run do', async () => {
    for (const name of ['model.cts', 'model.cjs']) {
      const file = join(folder({ [name]: 'module.exports = {}\n' }), name)
      await expect(LiveModel.start(file)).rejects.toThrow(/unknown model format "\.c[tj]s"; use \.ts, \.js/)
    }
  })
})

describe('stopping during a load that never ends', () => {
  const looping = `import { model } from '@stockflow/model'
for (;;) {}
export default model('never', { time: { start: 0, stop: 1, dt: 1 }, elements: [] })
`

  it('ModuleLoader.close ends the import under way', async () => {
    const file = join(folder({ 'package.json': ESM, 'model.ts': looping }), 'model.ts')
    const loader = new ModuleLoader()
    const loading = loader.import(file, 'model.ts')
    expect(loader.busy).toBe(true)
    await loader.close()
    await expect(loading).rejects.toThrow(/stopped/)
    expect(loader.busy).toBe(false)
  }, 60_000)

  it('LiveModel.close resolves while a reload hangs', async () => {
    const dir = folder({ 'package.json': ESM })
    const file = join(dir, 'model.ts')
    writeFileSync(file, source('1'))
    const live = await LiveModel.start(file, { debounceMs: 50, typecheck: false })
    writeFileSync(file, looping)
    await until(() => (live.loaded === 1 && !live.idle ? true : undefined))
    await live.close()
    expect(live.status.version).toBe(1)
  }, 120_000)
})

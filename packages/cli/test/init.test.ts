import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { typecheckModel } from '../src/typecheck.js'
import { cli } from './support.js'

// `stockflow init` in folders outside the repository: what it writes, what a fresh project checks
// like before `npm install`, and one-line errors that leave nothing behind.
const work = mkdtempSync(join(tmpdir(), 'stockflow-init-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const FILES = [
  '.gitignore',
  'README.md',
  'checks.test.ts',
  'checks.ts',
  'model.ts',
  'package.json',
  'tsconfig.json',
  'vitest.config.ts',
]
const listing = (dir: string): string[] => readdirSync(dir).sort()

describe('stockflow init', () => {
  it('writes a project into a new nested folder, whose model type-checks before npm install', async () => {
    const dir = join(work, 'fresh', 'nested', 'my-model')
    const { code, stdout } = await cli('init', dir)
    expect(code).toBe(0)
    expect(stdout).toMatch(`next: cd ${dir} && npm install && npm test\n`)
    expect(listing(dir)).toEqual(FILES)
    expect(listing(join(work, 'fresh', 'nested'))).toEqual(['my-model'])
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ name: 'my-model' })
    // The type-check `stockflow check` runs first (loading the model is the own-folder test's: it needs the
    // built CLI, as vitest does not resolve @stockflow/* for a folder outside the repository).
    expect(typecheckModel(join(dir, 'model.ts')).diagnostics).toEqual([])
  })

  it("leaves out a tsconfig's types the folder has not installed yet", async () => {
    const dir = join(work, 'typed')
    expect((await cli('init', dir)).code).toBe(0)
    const config = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: Record<string, unknown>
    }
    config.compilerOptions.types = ['node', 'jest']
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config))
    expect(typecheckModel(join(dir, 'model.ts')).diagnostics).toEqual([])
  })

  it('writes into an existing empty folder, leaving no staging folder', async () => {
    const dir = join(work, 'empty')
    mkdirSync(dir)
    expect((await cli('init', dir)).code).toBe(0)
    expect(listing(dir)).toEqual(FILES)
  })

  it('refuses a folder that is not empty, and with --force keeps the files that are not the project', async () => {
    const dir = join(work, 'kept')
    mkdirSync(dir)
    writeFileSync(join(dir, 'notes.txt'), 'mine')
    const refused = await cli('init', dir)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe(
      `stockflow: ${dir}: the folder is not empty; choose a new folder, or add --force to write into it\n`,
    )
    expect(listing(dir)).toEqual(['notes.txt'])
    expect((await cli('init', dir, '--force')).code).toBe(0)
    expect(listing(dir)).toEqual([...FILES, 'notes.txt'].sort())
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine')
  })

  it('with --force refuses a folder where a project file goes, writing nothing', async () => {
    const dir = join(work, 'in-the-way')
    mkdirSync(join(dir, 'model.ts'), { recursive: true })
    const { code, stderr } = await cli('init', dir, '--force')
    expect(code).toBe(1)
    expect(stderr).toBe(`stockflow: ${join(dir, 'model.ts')}: is a folder; move it away to write the project\n`)
    expect(listing(dir)).toEqual(['model.ts'])
  })

  it('a path under a file is one line, and creates nothing', async () => {
    const dir = join(work, 'under-a-file')
    mkdirSync(dir)
    writeFileSync(join(dir, 'afile'), '')
    for (const target of [join(dir, 'afile', 'proj'), join(dir, 'afile', 'deeper', 'proj')]) {
      const { code, stdout, stderr } = await cli('init', target)
      expect(code).toBe(1)
      expect(stdout).toBe('')
      expect(stderr).toBe(`stockflow: cannot create ${target}: ${join(dir, 'afile')} is a file, not a folder\n`)
    }
    expect((await cli('init', join(dir, 'afile'))).stderr).toBe(
      `stockflow: ${join(dir, 'afile')}: is a file; give a folder to create\n`,
    )
    expect(listing(dir)).toEqual(['afile'])
  })

  it('a folder the file system will not make is one line, and the folders made above it are removed', async () => {
    const dir = join(work, 'too-long')
    mkdirSync(dir)
    const target = join(dir, 'made', 'x'.repeat(300))
    const { code, stderr } = await cli('init', target)
    expect(code).toBe(1)
    expect(stderr).toBe(`stockflow: cannot create ${target}: the name is too long (ENAMETOOLONG)\n`)
    expect(listing(dir)).toEqual([])
  })

  it.skipIf(process.getuid?.() === 0)('a folder it may not write in is one line, and nothing is left', async () => {
    const dir = join(work, 'read-only')
    mkdirSync(dir, { mode: 0o555 })
    const { code, stderr } = await cli('init', join(dir, 'proj'))
    expect(code).toBe(1)
    expect(stderr).toBe(`stockflow: cannot create ${join(dir, 'proj')}: permission denied (EACCES)\n`)
    expect(listing(dir)).toEqual([])
  })
})

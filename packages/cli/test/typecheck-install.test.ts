import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { modelCompilerOptions } from '../src/typecheck-options.js'
import { typecheckModel } from '../src/typecheck.js'
import { cli, root } from './support.js'
import { diffusion, project } from './typecheck-support.js'

// Models in folders outside the repository: with their own node_modules/@stockflow/* (built declarations),
// and with none at all (the packages installed with the CLI stand in).
const outside = mkdtempSync(join(tmpdir(), 'stockflow-typecheck-'))
afterAll(() => rmSync(outside, { recursive: true, force: true }))

const checks = `import { check, defineChecks } from '@stockflow/solver'
import diffusion from './model.js'

export default defineChecks(diffusion, [check('adopters grow', ({ scenario }) => scenario().series('Adopters').rises())])
`
const misspelt = (t: string) => t.replace('${contactRate} * ${adopters}', '${contactRate} * ${adopter}')

/**
 * Installs @stockflow/model and @stockflow/solver into `folder/node_modules` as a registry would: their
 * package.json and the declarations in dist/ (emitted here from the sources; no JavaScript is needed to
 * type-check, and nothing is written into the repository).
 */
function install(folder: string): void {
  const packages = ['model', 'solver']
  const sources = packages.flatMap((p) => ['index.ts', 'internal.ts'].map((f) => join(root, 'packages', p, 'src', f)))
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    customConditions: ['@stockflow/source'],
    strict: true,
    skipLibCheck: true,
    declaration: true,
    emitDeclarationOnly: true,
    types: ['node'],
  }
  const program = ts.createProgram({ rootNames: sources, options })
  for (const p of packages) {
    const from = join(root, 'packages', p)
    const to = join(folder, 'node_modules', '@stockflow', p)
    mkdirSync(to, { recursive: true })
    copyFileSync(join(from, 'package.json'), join(to, 'package.json'))
  }
  program.emit(undefined, (file, text) => {
    const at = relative(join(root, 'packages'), file).split('/')
    if (at.length < 3 || !packages.includes(at[0]!) || at[1] !== 'src') return
    const out = join(folder, 'node_modules', '@stockflow', at[0]!, 'dist', ...at.slice(2))
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, text)
  })
}

describe('a model folder with its own node_modules/@stockflow (built declarations)', () => {
  const folder = join(outside, 'installed')
  beforeAll(() => install(folder), 60_000)

  it('resolves the packages there, by their types, without the source condition or paths', () => {
    const dir = project(folder, diffusion(), checks)
    const { options, configFile } = modelCompilerOptions(join(dir, 'model.ts'))
    expect(configFile).toBeUndefined()
    expect(options.customConditions ?? []).not.toContain('@stockflow/source')
    expect(options.paths).toBeUndefined()
    const resolved = ts.resolveModuleName('@stockflow/solver', join(dir, 'checks.ts'), options, ts.sys)
    expect(resolved.resolvedModule?.resolvedFileName).toBe(
      join(folder, 'node_modules/@stockflow/solver/dist/index.d.ts'),
    )
    expect(typecheckModel(dir).diagnostics).toEqual([])
  })

  it('reports a misspelt handle by absolute path (the file is outside the working folder)', async () => {
    const dir = project(folder, diffusion(misspelt), checks)
    const { code, stdout } = await cli('check', dir)
    expect(code).toBe(1)
    const file = join(dir, 'model.ts')
    expect(stdout).toBe(
      `${file}:10:31: error TS2552: Cannot find name 'adopter'. Did you mean 'adopters'?\n` +
        `1 type error in ${file}\n`,
    )
  })

  it("honours the model's tsconfig.json, and never writes", () => {
    const dir = project(
      folder,
      diffusion((t) => t.replace("const Region = dimension('Region'", 'const unused = 1\n$&')),
    )
    const config = {
      compilerOptions: {
        strict: true,
        module: 'ESNext',
        moduleResolution: 'bundler',
        noUnusedLocals: true,
        incremental: true,
      },
    }
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config))
    const { diagnostics } = typecheckModel(dir)
    expect(diagnostics).toEqual([
      {
        file: join(dir, 'model.ts'),
        line: 3,
        column: 7,
        code: 6133,
        message: "'unused' is declared but its value is never read.",
      },
    ])
    expect(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).toBe(JSON.stringify(config))
    expect(
      ts.sys
        .readDirectory(dir)
        .map((f) => relative(dir, f))
        .sort(),
    ).toEqual(['model.ts', 'tsconfig.json'])
  })
})

describe('a model folder with no node_modules', () => {
  const folder = join(outside, 'bare')

  it("maps @stockflow/* onto the CLI's own packages", () => {
    const dir = project(folder, diffusion(), checks)
    const { options } = modelCompilerOptions(join(dir, 'model.ts'))
    // These tests run the CLI from its TypeScript source, so the paths lead there; installed, to dist/*.d.ts.
    expect(options.paths?.['@stockflow/model']).toEqual([join(root, 'packages/model/src/index.ts')])
    expect(options.paths?.['@stockflow/solver/internal']).toEqual([join(root, 'packages/solver/src/internal.ts')])
    expect(typecheckModel(dir).diagnostics).toEqual([])
  })

  it('reports a misspelt handle', async () => {
    const dir = project(folder, diffusion(misspelt))
    const { code, stdout } = await cli('check', join(dir, 'model.ts'))
    expect(code).toBe(1)
    expect(stdout).toBe(
      `${join(dir, 'model.ts')}:10:31: error TS2552: Cannot find name 'adopter'. Did you mean 'adopters'?\n` +
        `1 type error in ${join(dir, 'model.ts')}\n`,
    )
  })
})

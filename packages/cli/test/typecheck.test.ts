import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { modelCompilerOptions } from '../src/typecheck-options.js'
import { loadFailure } from '../src/load-error.js'
import { cli } from './support.js'
import { diffusion, project } from './typecheck-support.js'

// Inside the repository, where @stockflow/* resolve to their TypeScript source through the repository's tsconfig.
mkdirSync(join(__dirname, '.scratch'), { recursive: true })
const scratch = mkdtempSync(join(__dirname, '.scratch', 'typecheck-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const shown = (dir: string, file = 'model.ts') => relative(process.cwd(), join(dir, file))

describe('stockflow check on a .ts model: type errors first, one line each', () => {
  it('a misspelt handle in eq`...`: the compiler names it and its did-you-mean; the model is not loaded', async () => {
    const dir = project(
      scratch,
      diffusion((t) => t.replace('${contactRate} * ${adopters}', '${contactRate} * ${adopter}')),
    )
    const { code, stdout, stderr } = await cli('check', dir)
    expect(code).toBe(1)
    expect(stderr).toBe('')
    expect(stdout).toBe(
      `${shown(dir)}:10:31: error TS2552: Cannot find name 'adopter'. Did you mean 'adopters'?\n` +
        `1 type error in ${shown(dir)}\n`,
    )
  })

  it('a handle missing from model({ elements }): the error names it, once', async () => {
    const dir = project(
      scratch,
      diffusion((t) => t.replace('elements: [adopters, adopting, contactRate,', 'elements: [adopters, adopting,')),
    )
    const { code, stdout } = await cli('check', join(dir, 'model.ts'))
    expect(code).toBe(1)
    expect(stdout).toBe(
      `${shown(dir)}:14:22: error TS2345: Argument of type '"Diffusion"' is not assignable to parameter of type ` +
        `'"add Contact Rate to elements (an equation uses it)"'.\n1 type error in ${shown(dir)}\n`,
    )
  })

  it('a wrong option name: the did-you-mean of the right one', async () => {
    const dir = project(
      scratch,
      diffusion((t) => t.replace('initial: 10', 'inital: 10')),
    )
    const { code, stdout } = await cli('check', dir)
    expect(code).toBe(1)
    const lines = stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(
      new RegExp(
        `^${shown(dir)}:4:38: error TS2561: Object literal may only specify known properties, but 'inital' does not exist in type '.{40}…'\\. Did you mean to write 'initial'\\?$`,
      ),
    )
  })

  it('a misspelt element in at(): the elements it may be', async () => {
    const dir = project(
      scratch,
      diffusion((t) => t.replace("at(market, '*')", "at(market, 'nort')")),
    )
    const { code, stdout } = await cli('check', dir)
    expect(code).toBe(1)
    expect(stdout).toBe(
      `${shown(dir)}:7:67: error TS2345: Argument of type '"nort"' is not assignable to parameter of type ` +
        `'"north" | "south" | "*" | DimensionWithin<"Region"> | Bang<DimensionWithin<"Region">>'.\n` +
        `1 type error in ${shown(dir)}\n`,
    )
  })

  it('counts every error, and checks the checks.ts beside the model', async () => {
    const checks = `import { check, defineChecks } from '@stockflow/solver'
import diffusion from './model.js'

export default defineChecks(diffusion, [
  check('adopters grow', ({ scenario }) => scenario().series('Adopters').fals()),
])
`
    const model = diffusion((t) => t.replace('initial: 10', 'inital: 10').replace('* ${adopters} *', '* ${adopter} *'))
    const dir = project(scratch, model, checks)
    const { code, stdout } = await cli('check', dir)
    expect(code).toBe(1)
    const lines = stdout.trimEnd().split('\n')
    expect(lines.map((l) => l.replace(/: error (TS\d+).*/, ' $1'))).toEqual([
      `${shown(dir)}:4:38 TS2561`,
      `${shown(dir)}:10:31 TS2552`,
      `${shown(dir, 'checks.ts')}:5:74 TS2551`,
      `3 type errors in ${shown(dir)} and ${shown(dir, 'checks.ts')}`,
    ])
    expect(lines[2]).toContain("Property 'fals' does not exist on type")
    expect(lines[2]).toContain("Did you mean 'falls'?")
  })

  it('checks the files the model imports from its folder too', async () => {
    const dir = project(
      scratch,
      diffusion((t) => t.replace("param('Contact Rate', 0.1,", "param('Contact Rate', rate,")).replace(
        "from '@stockflow/model'\n",
        "from '@stockflow/model'\nimport { rate } from './levers.js'\n",
      ),
    )
    writeFileSync(join(dir, 'levers.ts'), "export const rate: number = '0.1'\n")
    const { code, stdout } = await cli('check', dir)
    expect(code).toBe(1)
    expect(stdout).toBe(
      `${shown(dir, 'levers.ts')}:1:14: error TS2322: Type 'string' is not assignable to type 'number'.\n` +
        `1 type error in ${shown(dir, 'levers.ts')}\n`,
    )
  })

  it('a model without type errors goes on to be validated; --no-typecheck skips the compiler', async () => {
    const good = project(scratch, diffusion())
    const ok = await cli('check', good)
    expect(ok).toEqual({ code: 0, stdout: `${shown(good)}: ok, 5 elements, no problems\n`, stderr: '' })
    const bad = project(
      scratch,
      diffusion((t) => t.replace('* ${adopters} *', '* ${adopter} *')),
    )
    const skipped = await cli('check', bad, '--no-typecheck')
    expect(skipped.code).toBe(1)
    expect(skipped.stdout).toBe('')
    expect(skipped.stderr).toContain('adopter is not defined')
  })
})

describe('where @stockflow/* come from', () => {
  it('in this repository: the packages’ TypeScript source, through the @stockflow/source condition', () => {
    const { options, configFile } = modelCompilerOptions(join(project(scratch, diffusion()), 'model.ts'))
    expect(configFile).toBe(join(__dirname, '../../../tsconfig.json'))
    expect(options.customConditions).toContain('@stockflow/source')
    expect(options.noEmit).toBe(true)
  })
})

describe('a .ts model whose own code throws as it loads', () => {
  const file = join(scratch, 'model.ts')
  const thrown = (err: Error) => Object.assign(err, { stack: `${err.name}: ${err.message}\n    at ${file}:7:15` })

  it('suggests stockflow check, which names such mistakes with their line', () => {
    const typeError = thrown(new TypeError("Cannot read properties of undefined (reading 'name')"))
    expect(loadFailure(typeError, file)).toEqual({
      line: 7,
      column: 15,
      text:
        "Cannot read properties of undefined (reading 'name'); " +
        '`stockflow check` type-checks the model and names each such mistake',
    })
    const referenceError = thrown(new ReferenceError('adopter is not defined'))
    expect(loadFailure(referenceError, file).text).toBe(
      'adopter is not defined; check the spelling, or declare it; ' +
        '`stockflow check` type-checks the model and names each such mistake',
    )
  })

  it('does not when the error comes from elsewhere, or the module is JavaScript', () => {
    expect(loadFailure(new TypeError('x is not a function'), file).text).toBe('x is not a function')
    const js = join(scratch, 'model.js')
    const err = Object.assign(new TypeError('x is not a function'), { stack: `TypeError: x\n    at ${js}:2:1` })
    expect(loadFailure(err, js)).toEqual({ line: 2, column: 1, text: 'x is not a function' })
  })
})

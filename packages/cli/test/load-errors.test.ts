import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { loadFailure } from '../src/load-error.js'
import { cli, root } from './support.js'

// Inside the repository, so the TS models can import the @stockflow packages.
mkdirSync(join(__dirname, '.scratch'), { recursive: true })
const dir = mkdtempSync(join(__dirname, '.scratch', 'load-errors-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const teacup = join(root, 'seeds/teacup')

function write(name: string, text: string): string {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

const syntax = write(
  'syntax.ts',
  `import { model, stock } from '@stockflow/model'
const s = stock('S', { initial: 1 
export default model('m', { time: { start: 0, stop: 1, dt: 1 }, elements: [s] })
`,
)

const misspelt = write(
  'misspelt.ts',
  `import { eq, flow, model, param, stock } from '@stockflow/model'

interface Cup { hot: number }
const temperature = stock('Temperature', { initial: (({ hot: 180 }) as Cup).hot })
const room = param('Room', 70)
const loss = flow('Loss', { from: temperature, rate: eq\`(\${temprature} - \${room}) / 10\` })
export default model('m', { time: { start: 0, stop: 1, dt: 1 }, elements: [temperature, loss, room] })
`,
)

describe('a TS model that does not load', () => {
  it('names the line and column of a syntax error, for run and check', async () => {
    for (const command of [['run'], ['check', '--no-typecheck']]) {
      const { code, stderr } = await cli(...command, syntax)
      expect(code).toBe(1)
      expect(stderr).toMatch(
        /^stockflow: \S*syntax\.ts:3:1: could not load the model: Expected .*but found .export.\n$/,
      )
    }
  })

  it('reads the position from the compiler tsx uses outside the tests (esbuild)', async () => {
    const { tsImport } = await import('tsx/esm/api')
    const err = await tsImport(pathToFileURL(syntax).href, import.meta.url).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(loadFailure(err, syntax)).toEqual({ line: 3, column: 1, text: 'Expected "}" but found "export"' })
  })

  it('reads esbuild errors[] (0-based columns) and counts the rest', () => {
    const location = (line: number, column: number) => ({ file: syntax, line, column, lineText: '' })
    const err = Object.assign(new Error('Transform failed with 2 errors:'), {
      errors: [
        { text: 'Unexpected "}"', location: location(4, 2) },
        { text: 'Expected ";"', location: location(9, 0) },
      ],
    })
    expect(loadFailure(err, syntax)).toEqual({ line: 4, column: 3, text: 'Unexpected "}" (and 1 more)' })
  })

  // tsx maps stack frames to the .ts source itself (checked by hand: node and tsx give misspelt.ts:6:60);
  // under vitest its own source maps give the same position.
  it('names the line and column of a misspelt handle, and what to do', async () => {
    for (const command of [['run'], ['check', '--no-typecheck']]) {
      const { code, stderr } = await cli(...command, misspelt)
      expect(code).toBe(1)
      expect(stderr).toBe(
        `stockflow: ${relative(process.cwd(), misspelt)}:6:60: could not load the model: temprature is not defined; ` +
          'check the spelling, or declare it; `stockflow check` type-checks the model and names each such mistake\n',
      )
    }
  })
})

describe('stockflow run --out', () => {
  it('names the missing folder, never the temporary file', async () => {
    const out = join(dir, 'no-such-folder', 'x.csv')
    const { code, stderr } = await cli('run', teacup, '--out', out)
    expect(code).toBe(1)
    expect(stderr).toBe(
      `stockflow: ${out}: could not write: the folder ${join(dir, 'no-such-folder')} does not exist\n`,
    )
  })
})

describe('time-step flags', () => {
  it('must be positive', async () => {
    for (const [flag, value] of [
      ['--saveper', '0'],
      ['--saveper', '-0.5'],
      ['--dt', '0'],
      ['--dt', '-1'],
    ] as const) {
      const { code, stderr } = await cli('run', teacup, flag, value)
      expect(code).toBe(1)
      expect(stderr).toMatch(new RegExp(`^stockflow: ${flag} must be positive, got ${value}(; leave it out.*)?\n$`))
    }
    expect((await cli('run', teacup, '--saveper', 'NaN')).stderr).toBe(
      'stockflow: --saveper must be a number, got "NaN"\n',
    )
    const sweep = await cli('sweep', teacup, '--vary', 'Room Temperature=values(60,70)', '--saveper', '0')
    expect(sweep.stderr).toBe('stockflow: --saveper must be positive, got 0; leave it out to save every dt\n')
  })
})

describe('a JSON model with a syntax error', () => {
  it('gives the line and column', async () => {
    const file = write('bad.json', '{\n  "name": "m",\n  "elements": [\n    {kind: "stock"}\n  ]\n}\n')
    const { code, stderr } = await cli('run', file)
    expect(code).toBe(1)
    expect(stderr).toBe(
      `stockflow: ${relative(process.cwd(), file)}: not valid JSON at line 4, column 6: Expected property name or '}'\n`,
    )
  })

  it('finds an unexpected token from the quoted context, on one line', async () => {
    const file = write('comma.json', '{\n  "name": "m",\n  "elements": [\n    {"kind": "stock"},\n  ],\n  "x": 1\n}\n')
    const { stderr } = await cli('check', file)
    expect(stderr).toBe(
      `stockflow: ${relative(process.cwd(), file)}: not valid JSON at line 5, column 3: Unexpected token ']'; ` +
        'JSON allows no comma before it\n',
    )
  })
})

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { loadFailure } from '../src/load-error.js'
import { cli } from './support.js'

// Inside the repository, so the TS model can import the @stockflow packages.
mkdirSync(join(__dirname, '.scratch'), { recursive: true })
const dir = mkdtempSync(join(__dirname, '.scratch', 'dsl-keys-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// `form` for `from`: without the check, Recovering drained no stock and Recovered grew past the population.
const file = join(dir, 'model.ts')
writeFileSync(
  file,
  `import { eq, flow, model, param, stock } from '@stockflow/model'

const infectious = stock('Infectious', { initial: 5 })
const recovered = stock('Recovered', { initial: 0 })
const duration = param('Duration', 5)
const recovering = flow('Recovering', { form: infectious, to: recovered, rate: eq\`\${infectious} / \${duration}\` })

export default model('SIR', { time: { start: 0, stop: 10, dt: 1 }, elements: [infectious, recovered, duration, recovering] })
`,
)

describe('a misspelt option key in a .ts model', () => {
  it('fails run with the file:line:column of the call and a did-you-mean, exit 1, no stack', async () => {
    const { code, stdout, stderr } = await cli('run', file)
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toBe(
      `stockflow: ${relative(process.cwd(), file)}:6:20: could not load the model: ` +
        'flow "Recovering": unknown option "form"; did you mean "from"? ' +
        '(it takes from, to, rate, units, doc, min, max, nonNegative, graph, dimensions, perElement)\n',
    )
  })
})

// Outside an ES module package, tsx runs a model as CommonJS from a data: URL with no source map: the
// position comes from finding the frame's call (or name) of the compiled code in the source.
describe('a model run as CommonJS, outside any package', () => {
  const outside = mkdtempSync(join(tmpdir(), 'stockflow-dsl-keys-'))
  afterAll(() => rmSync(outside, { recursive: true, force: true }))
  const put = (name: string, text: string) => {
    const path = join(outside, name)
    writeFileSync(path, text)
    return path
  }
  // Stands in for the DSL (which, outside the repository, comes from the installation).
  put(
    'dsl.ts',
    `export function flow(name: string, options: object): object {
  throw new Error(\`flow "\${name}": unknown option "\${Object.keys(options)[0]}"\`)
}
`,
  )
  const failure = async (file: string) => {
    const { tsImport } = await import('tsx/esm/api')
    const err: unknown = await tsImport(pathToFileURL(file).href, import.meta.url).then(
      () => undefined,
      (e: unknown) => e,
    )
    return loadFailure(err, file)
  }

  it('names the line and column of the call that threw', async () => {
    const file = put(
      'model.ts',
      `import { flow } from './dsl.ts'

const infectious = { name: 'Infectious' }
const other = flow.length
export default [other, flow('Recovering', { form: infectious })]
`,
    )
    expect(await failure(file)).toEqual({
      line: 5,
      column: 24,
      text: 'flow "Recovering": unknown option "form"',
    })
  })

  it('names the line and column of a misspelt name', async () => {
    const file = put('misspelt.ts', `const room: number = 70\nexport default room + temprature\n`)
    expect(await failure(file)).toMatchObject({
      line: 2,
      column: 23,
      text: expect.stringMatching(/^temprature is not defined;/),
    })
  })

  it('gives no position rather than a wrong one when the misspelt name is also used elsewhere', async () => {
    const file = put(
      'mentioned.ts',
      `// the room temprature, read below\nconst room: number = 70\nexport default room + temprature\n`,
    )
    const found = await failure(file)
    expect(found?.text).toMatch(/^temprature is not defined;/)
    expect(found?.line).toBeUndefined()
  })
})

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'
import { modelToJSON, modelToSource, parseEquation, printExpr } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { importMdl } from '@stockflow/vensim'
import { corpusPath } from './support/corpus.js'

// `stockflow convert wrld3-03.mdl world3.ts`: the typed DSL source written for World3 type-checks under
// the repository's strict settings, and importing it gives the same model and the same run.

const folder = corpusPath('world3')
const root = resolve(__dirname, '..')
const scratch = join(__dirname, '.scratch')
const written: string[] = []
afterAll(() => {
  for (const f of written) rmSync(f, { force: true })
})

/** The model with every equation printed one way (names as ids), so spelling aside they compare. */
function normalized(model: Model): Model {
  const print = (text: string) => printExpr(parseEquation(text), { name: (n) => n.id })
  return {
    ...model,
    elements: model.elements.map((e) =>
      e.kind === 'stock'
        ? { ...e, initial: print(e.initial) }
        : e.kind === 'aux' || e.kind === 'flow'
          ? { ...e, equation: print(e.equation) }
          : e,
    ),
  }
}

describe.skipIf(!folder)('World3 as typed source (corpus)', () => {
  it('type-checks, and runs the same as the .mdl it came from', async () => {
    const { model } = importMdl(readFileSync(join(folder!, 'wrld3-03.mdl')), 'wrld3-03.mdl')
    mkdirSync(scratch, { recursive: true })
    const file = join(scratch, `world3-${process.pid}.ts`)
    writeFileSync(file, modelToSource(model))
    written.push(file)

    const config = ts.readConfigFile(join(root, 'tsconfig.json'), (f) => ts.sys.readFile(f))
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
    const program = ts.createProgram([file], { ...parsed.options, noEmit: true })
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && resolve(d.file.fileName) === file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    expect(errors).toEqual([])

    const back = ((await import(pathToFileURL(file).href)) as { default: Model }).default
    expect(modelToJSON(normalized(back))).toBe(modelToJSON(normalized(model)))
    const a = simulate(model)
    const b = simulate(back)
    for (const name of a.names) expect(b.get(name), name).toEqual(a.get(name))
  }, 120_000)
})

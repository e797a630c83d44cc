import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import ts from 'typescript'
import { expect } from 'vitest'
import { canonicalId, modelFromData, modelToJSON, modelToSource, parseEquation, printExpr } from '@stockflow/model'
import type { Element, Model, Param, Subscript } from '@stockflow/model'
import { formatNumber, mapExpr } from '@stockflow/model/internal'
import { simulate } from '@stockflow/solver'

// Shared by the DSL writer's tests: write a model's source, type-check it, import it back, compare.

// Generated sources go inside the repo (git-ignored) so that '@stockflow/model' resolves from them.
const root = resolve(__dirname, '../../..')
const scratch = join(__dirname, '.scratch')

/** Files written so far, removed by `removeWritten` (kept with KEEP_SCRATCH set, to read them). */
const written: string[] = []

export function removeWritten(): void {
  if (!process.env.KEEP_SCRATCH) for (const f of written.splice(0)) rmSync(f, { force: true })
}

/** Writes the model's source to a scratch file, returning the file and the source. */
export function writeSource(model: Model, label: string): { file: string; source: string } {
  mkdirSync(scratch, { recursive: true })
  const source = modelToSource(model)
  const file = join(scratch, `${label.replace(/[^A-Za-z0-9_-]+/g, '_')}-${process.pid}.ts`)
  writeFileSync(file, source)
  written.push(file)
  return { file, source }
}

/** The default export of a written source. */
export async function importSource(file: string): Promise<Model> {
  return ((await import(pathToFileURL(file).href)) as { default: Model }).default
}

/** Writes the model's source to a scratch file and imports it back. */
export async function roundTrip(model: Model, label: string): Promise<{ model: Model; file: string; source: string }> {
  const { file, source } = writeSource(model, label)
  return { model: await importSource(file), file, source }
}

/** Type errors of the given files under the repository's strict tsconfig, by file. */
export function typeErrorsByFile(files: readonly string[]): Map<string, string[]> {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (f) => ts.sys.readFile(f))
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  const program = ts.createProgram([...files], { ...parsed.options, noEmit: true })
  const out = new Map<string, string[]>(files.map((f) => [resolve(f), []]))
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const list = d.file && out.get(resolve(d.file.fileName))
    if (!list) continue
    const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0)
    list.push(`${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
  }
  return out
}

/** Type errors of the given files, each prefixed with its file. */
export function typeErrors(files: readonly string[]): string[] {
  return [...typeErrorsByFile(files)].flatMap(([file, errors]) => errors.map((e) => `${file}: ${e}`))
}

/**
 * An arrayed parameter's value element by element. The DSL's value record picks the most common value
 * as the main one, so a parameter given for every element compares by its values, not its fields.
 */
function paramValues(model: Model, e: Param, print: (text: string | undefined) => string | undefined) {
  const dims = model.dimensions ?? []
  const dim = (name: string) =>
    dims.find((d) => [d.name, ...(d.aliases ?? [])].some((n) => canonicalId(n) === canonicalId(name)))
  const over = (e.dimensions ?? []).map((n) => dim(n)!.elements.map(canonicalId))
  const cells = (depth: number, path: string[]): string[][] =>
    depth === over.length ? [path] : over[depth]!.flatMap((el) => cells(depth + 1, [...path, el]))
  const values: Record<string, string> = {}
  for (const c of cells(0, [])) values[c.join(',')] = print(formatNumber(e.value))!
  for (const pe of e.perElement ?? []) {
    const expand = (depth: number, path: string[]): string[][] => {
      if (depth === pe.subscripts.length) return [path]
      const s = pe.subscripts[depth]!
      const names = dim(s)?.elements.map(canonicalId) ?? [canonicalId(s)]
      return names.filter((n) => over[depth]!.includes(n)).flatMap((n) => expand(depth + 1, [...path, n]))
    }
    const v = print(pe.equation)!
    for (const c of expand(0, [])) values[c.join(',')] = v
  }
  return values
}

/** A position as the element of that name: the writer reads `x[2]` of a numeric dimension as `x["2"]`. */
const position = (s: Subscript): Subscript =>
  s.kind === 'position' ? { kind: 'name', name: canonicalId(String(s.position)) } : s

/**
 * The model in canonical form: keys in the order the JSON reader gives them, every equation printed one
 * way (names and subscripts as ids), arrayed parameters as their values by element, so two models
 * compare equal when they mean the same, spelling aside.
 */
export function canonical(model: Model): string {
  const print = (text: string | undefined) => {
    if (text === undefined || text === '') return text
    try {
      const expr = mapExpr(parseEquation(text), (n) =>
        (n.type === 'ref' || n.type === 'lookup') && n.subs
          ? { ...n, subs: n.subs.map((s) => ('name' in s ? { ...s, name: canonicalId(s.name) } : position(s))) }
          : n,
      )
      return printExpr(expr, { name: (n) => n.id })
    } catch {
      return text
    }
  }
  const element = (e: Element): Element => {
    const perElement = e.perElement && { perElement: e.perElement.map((p) => ({ ...p, equation: print(p.equation) })) }
    if (e.kind === 'stock') return { ...e, initial: print(e.initial)!, ...perElement }
    if (e.kind === 'aux' || e.kind === 'flow') return { ...e, equation: print(e.equation)!, ...perElement }
    if (e.kind === 'param' && e.dimensions?.length) {
      const { value: _value, perElement: _perElement, ...rest } = e
      return { ...rest, values: paramValues(model, e, print) } as unknown as Element
    }
    return { ...e, ...perElement }
  }
  const clean = modelFromData(JSON.parse(modelToJSON(model)))
  return modelToJSON({ ...clean, elements: clean.elements.map(element) })
}

/** Both models simulate to the same run, or fail the same way. */
export function expectSameRun(a: Model, b: Model): void {
  const run = (m: Model) => {
    try {
      return simulate(m)
    } catch (err) {
      return err instanceof Error ? err.message : String(err)
    }
  }
  const ra = run(a)
  const rb = run(b)
  if (typeof ra === 'string' || typeof rb === 'string') {
    expect(rb).toEqual(ra)
    return
  }
  expect(rb.names).toEqual(ra.names)
  for (const n of ra.names) expect(rb.get(n), n).toEqual(ra.get(n))
}

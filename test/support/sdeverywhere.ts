import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createSynchronousModelRunner } from '@sdeverywhere/runtime'
import type { GeneratedModel, Outputs } from '@sdeverywhere/runtime'

/** The model languages SDEverywhere's compiler reads. */
export type SdeModelKind = 'xmile' | 'vensim'

/** The part of @sdeverywhere/compile stockflow uses (the package ships no types). */
export interface SdeCompile {
  resetState(): void
  canonicalName(name: string): string
  parseModel(input: string, kind: SdeModelKind, modelDir: string): unknown
  generateCode(
    parsed: unknown,
    opts: {
      spec: { inputVarNames: string[]; outputVarNames: string[] }
      operations: string[]
      extData: Map<string, unknown>
      directData: Map<string, unknown>
      modelDirname: string
    },
  ): string
}

/**
 * Loads SDEverywhere's compiler (0.7.28), the peer engine of the tests and the bench. The workspace
 * pins xlsx to the registry's 0.18.5, whose CommonJS build has no `set_fs`, which the compiler calls
 * when it loads; that build reads files itself, so a no-op suffices.
 */
export async function loadSdeCompiler(): Promise<SdeCompile> {
  const require = createRequire(import.meta.url)
  const xlsx = createRequire(require.resolve('@sdeverywhere/compile'))('xlsx') as { set_fs?: unknown }
  if (typeof xlsx.set_fs !== 'function') xlsx.set_fs = () => {}
  const name = '@sdeverywhere/compile'
  return (await import(name)) as SdeCompile
}

/**
 * A Vensim name as SDEverywhere's spec wants it: quoted when it holds anything but letters, digits,
 * spaces and underscores (`"Arable Land in Gigahectares (GHA)"`), since its ids are made from the
 * quoted spelling.
 */
export function sdeVensimName(name: string): string {
  return /^[A-Za-z0-9 _]+$/.test(name) ? name : `"${name}"`
}

/** Characters after which `LOG` starts a call rather than ending a name of several words. */
const BEFORE_CALL = /[=(,+\-*/^<>:]/

/**
 * A `.mdl` text SDEverywhere 0.7.28's JS target compiles: its code generator has no two-argument
 * `LOG(x, base)`, so each becomes `(LN(x)/LN(base))`, the same value. Other text is kept as is.
 */
export function sdeVensimText(mdl: string): string {
  let out = ''
  let from = 0
  for (const m of mdl.matchAll(/\bLOG\s*\(/gi)) {
    const at = m.index
    if (at < from) continue
    const before = mdl.slice(0, at).trimEnd()
    if (before !== '' && !BEFORE_CALL.test(before[before.length - 1]!)) continue
    const args = callArguments(mdl, at + m[0].length)
    if (!args || args.parts.length !== 2) continue
    out += `${mdl.slice(from, at)}(LN(${args.parts[0]})/LN(${args.parts[1]}))`
    from = args.end
  }
  return out + mdl.slice(from)
}

/** The top-level comma-separated arguments of a call whose `(` ends just before `start`, and where it closes. */
function callArguments(text: string, start: number): { parts: string[]; end: number } | undefined {
  const parts: string[] = []
  let depth = 0
  let quoted = false
  let begin = start
  for (let i = start; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '\\') i++
      else if (c === '"') quoted = false
    } else if (c === '"') quoted = true
    else if (c === '(') depth++
    else if (c === ')') {
      if (depth === 0) {
        parts.push(text.slice(begin, i).trim())
        return { parts, end: i + 1 }
      }
      depth--
    } else if (c === ',' && depth === 0) {
      parts.push(text.slice(begin, i).trim())
      begin = i + 1
    } else if (c === '~' || c === '|') return undefined
  }
  return undefined
}

/** A model SDEverywhere compiled to JavaScript and loaded into this process. */
export interface SdeJsModel {
  /** The outputs asked for, as given. */
  readonly names: readonly string[]
  /** One run (`runModelSync`), filling and returning the same `Outputs` every time. */
  run(): Outputs
  /** SDEverywhere's id of an output name. */
  idOf(name: string): string
}

/**
 * Compiles a model with SDEverywhere's JS target and loads it: `text` is XMILE or Vensim text
 * (after {@link sdeVensimText}), `outputs` the variables to record, in the spec's spelling. The
 * generated module is written to a temporary folder, imported, and the folder removed.
 */
export async function compileSdeJs(text: string, kind: SdeModelKind, outputs: readonly string[]): Promise<SdeJsModel> {
  const sde = await loadSdeCompiler()
  sde.resetState()
  const dir = mkdtempSync(join(os.tmpdir(), 'stockflow-sde-'))
  try {
    const parsed = sde.parseModel(text, kind, dir)
    const code = sde.generateCode(parsed, {
      spec: { inputVarNames: [], outputVarNames: [...outputs] },
      operations: ['generateJS'],
      extData: new Map(),
      directData: new Map(),
      modelDirname: dir,
    })
    const js = join(dir, 'model.js')
    writeFileSync(js, code)
    const mod = (await import(pathToFileURL(js).href)) as { default: () => Promise<GeneratedModel> }
    const runner = createSynchronousModelRunner(await mod.default())
    const runSync = runner.runModelSync
    if (!runSync) throw new Error('@sdeverywhere/runtime has no runModelSync')
    const out = runner.createOutputs()
    return { names: outputs, run: () => runSync([], out), idOf: (n) => sde.canonicalName(n) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * SDEverywhere's JS target as a bench engine: `@sdeverywhere/compile` (0.7.28) turns an XMILE file
 * into a JS model, `@sdeverywhere/runtime` (0.2.6) runs it in this process. One run is
 * `runner.runModelSync(inputs, outputs)` with its outputs object reused, which is how SDEverywhere's
 * own apps re-run a model; every variable of the file is an output.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createSynchronousModelRunner } from '@sdeverywhere/runtime'
import type { GeneratedModel } from '@sdeverywhere/runtime'

/** The part of @sdeverywhere/compile used here (the package ships no types). */
interface SdeCompile {
  resetState(): void
  canonicalName(name: string): string
  parseModel(input: string, kind: 'xmile', modelDir: string): unknown
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

/** A compiled SDEverywhere model: one run returns the last value of the first output. */
export interface SdeModel {
  readonly file: string
  readonly names: readonly string[]
  run(): number
  /** Every output series of one run, by the XMILE display name. */
  series(): Record<string, Float64Array>
}

/**
 * Loads the compiler. The workspace pins xlsx to the registry's 0.18.5, whose CommonJS build has no
 * `set_fs`, which the compiler calls when it loads; that build reads files itself, so a no-op suffices.
 */
async function loadCompiler(): Promise<SdeCompile> {
  const require = createRequire(import.meta.url)
  const xlsx = createRequire(require.resolve('@sdeverywhere/compile'))('xlsx') as { set_fs?: unknown }
  if (typeof xlsx.set_fs !== 'function') xlsx.set_fs = () => {}
  const name = '@sdeverywhere/compile'
  return (await import(name)) as SdeCompile
}

/** Display names of the stocks, flows and auxiliaries of an XMILE file. */
function xmileNames(xml: string): string[] {
  return [...xml.matchAll(/<(?:stock|flow|aux)\s+name="([^"]+)"/g)].map((m) => m[1]!.replace(/\\n/g, ' '))
}

/**
 * SDEverywhere 0.7.28 does not resolve quoted names (`"Room Temperature"`) in equations and flow
 * lists, which the corpus's hand-coded teacup uses; XMILE reads them the same as `Room_Temperature`.
 */
function unquote(xml: string): string {
  return xml.replace(
    /<(eqn|inflow|outflow)>([^<]*)<\/\1>/g,
    (_, tag: string, body: string) =>
      `<${tag}>${body.replace(/&quot;|"/g, '"').replace(/"([^"]+)"/g, (_q, n: string) => n.trim().replace(/\s+/g, '_'))}</${tag}>`,
  )
}

/** Compiles an XMILE file with SDEverywhere; the reason instead when the file is absent. */
export async function loadSde(file: string): Promise<SdeModel | string> {
  if (!existsSync(file)) return `${file} not found`
  const sde = await loadCompiler()
  sde.resetState()
  const xml = unquote(readFileSync(file, 'utf8'))
  const names = xmileNames(xml)
  const dir = mkdtempSync(join(os.tmpdir(), 'stockflow-bench-sde-'))
  try {
    const parsed = sde.parseModel(xml, 'xmile', dir)
    const code = sde.generateCode(parsed, {
      spec: { inputVarNames: [], outputVarNames: names },
      operations: ['generateJS'],
      extData: new Map(),
      directData: new Map(),
      modelDirname: dir,
    })
    const js = join(dir, 'model.js')
    writeFileSync(js, code)
    const mod = (await import(pathToFileURL(js).href)) as { default: () => Promise<GeneratedModel> }
    const runner = createSynchronousModelRunner(await mod.default())
    const outputs = runner.createOutputs()
    const runSync = runner.runModelSync
    if (!runSync) throw new Error('@sdeverywhere/runtime has no runModelSync')
    const first = outputs.getSeriesForVar(sde.canonicalName(names[0]!))!
    const last = first.points.length - 1
    return {
      file,
      names,
      run: () => {
        runSync([], outputs)
        return first.points[last]!.y
      },
      series: () => {
        runSync([], outputs)
        const out: Record<string, Float64Array> = {}
        for (const n of names)
          out[n] = Float64Array.from(outputs.getSeriesForVar(sde.canonicalName(n))!.points, (p) => p.y)
        return out
      },
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

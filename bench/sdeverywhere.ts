/**
 * SDEverywhere's JS target as a bench engine: `@sdeverywhere/compile` (0.7.28) turns an XMILE file
 * into a JS model, `@sdeverywhere/runtime` (0.2.6) runs it in this process. One run is
 * `runner.runModelSync(inputs, outputs)` with its outputs object reused, which is how SDEverywhere's
 * own apps re-run a model; every variable of the file is an output.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createSynchronousModelRunner } from '@sdeverywhere/runtime'
import type { GeneratedModel } from '@sdeverywhere/runtime'
import { loadSdeCompiler } from '../test/support/sdeverywhere.ts'

/** A compiled SDEverywhere model: one run returns the last value of the first output. */
export interface SdeModel {
  readonly file: string
  readonly names: readonly string[]
  run(): number
  /** Every output series of one run, by the XMILE display name. */
  series(): Record<string, Float64Array>
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
  const sde = await loadSdeCompiler()
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

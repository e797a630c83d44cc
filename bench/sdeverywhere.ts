/**
 * SDEverywhere's JS target as a bench engine: `@sdeverywhere/compile` (0.7.28) turns an XMILE or
 * Vensim file into a JS model, `@sdeverywhere/runtime` (0.2.6) runs it in this process. One run is
 * `runner.runModelSync(inputs, outputs)` with its outputs object reused, which is how SDEverywhere's
 * own apps re-run a model.
 */
import { existsSync, readFileSync } from 'node:fs'
import { compileSdeJs, sdeVensimName, sdeVensimText } from '../test/support/sdeverywhere.ts'
import type { SdeJsModel } from '../test/support/sdeverywhere.ts'

/** A compiled SDEverywhere model: one run returns the last value of the first output. */
export interface SdeModel {
  readonly file: string
  /** The outputs, by the file's display names. */
  readonly names: readonly string[]
  run(): number
  /** Every output series of one run, by display name. */
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

/** The bench's view of a compiled model: `names` are display names, `specNames` the same in the spec's spelling. */
function engine(file: string, names: readonly string[], specNames: readonly string[], m: SdeJsModel): SdeModel {
  const first = m.run().getSeriesForVar(m.idOf(specNames[0]!))!
  const last = first.points.length - 1
  return {
    file,
    names,
    run: () => {
      m.run()
      return first.points[last]!.y
    },
    series: () => {
      const outputs = m.run()
      const out: Record<string, Float64Array> = {}
      names.forEach((n, j) => {
        const s = outputs.getSeriesForVar(m.idOf(specNames[j]!))
        if (!s) throw new Error(`${file}: SDEverywhere has no output ${n}`)
        out[n] = Float64Array.from(s.points, (p) => p.y)
      })
      return out
    },
  }
}

/** Compiles an XMILE file with SDEverywhere, every variable an output; the reason instead when the file is absent. */
export async function loadSde(file: string): Promise<SdeModel | string> {
  if (!existsSync(file)) return `${file} not found`
  const xml = unquote(readFileSync(file, 'utf8'))
  const names = xmileNames(xml)
  return engine(file, names, names, await compileSdeJs(xml, 'xmile', names))
}

/**
 * Compiles a Vensim `.mdl` with SDEverywhere (after its `LOG(x, base)` rewrite, `sdeVensimText`),
 * recording `outputs` (Vensim names, unquoted); the reason instead when the file is absent.
 */
export async function loadSdeVensim(file: string, outputs: readonly string[]): Promise<SdeModel | string> {
  if (!existsSync(file)) return `${file} not found`
  const text = sdeVensimText(readFileSync(file, 'utf8'))
  const specNames = outputs.map(sdeVensimName)
  return engine(file, outputs, specNames, await compileSdeJs(text, 'vensim', specNames))
}

import type { GraphicalFunction, LookupMode } from '@stockflow/model'
import type { XmlNode } from './xml.js'
import { child } from './xml.js'

/** A `<gf>` read into points, or the reason it cannot be. */
export type GraphResult =
  | { readonly ok: true; readonly graph: GraphicalFunction }
  | { readonly ok: false; readonly problem: string; readonly line: number }

/** Splits `<xpts>`/`<ypts>` on their `sep` (comma by default) into finite numbers. */
function numbers(node: XmlNode, what: string): number[] | string {
  const sep = node.attrs.get('sep') || ','
  const parts = node.text.split(sep).map((s) => s.trim())
  if (parts.length === 1 && parts[0] === '') return `<${what}> is empty`
  const values = parts.map(Number)
  const bad = parts.findIndex((s, i) => s === '' || !Number.isFinite(values[i]))
  return bad >= 0 ? `<${what}> value ${bad + 1} ("${parts[bad]}") is not a number` : values
}

/** The lookup mode of `type="continuous|extrapolate|discrete"` (or go-xmile's `discrete="true"`). */
function mode(gf: XmlNode): LookupMode | string {
  const type = (gf.attrs.get('type') ?? '').trim().toLowerCase()
  if (type === '') return (gf.attrs.get('discrete') ?? '').trim().toLowerCase() === 'true' ? 'discrete' : 'continuous'
  if (type === 'continuous' || type === 'extrapolate' || type === 'discrete') return type
  return `unknown graphical function type "${type}" (continuous, extrapolate, discrete)`
}

/**
 * Reads a graphical function: y from `<ypts>`, x from `<xpts>` or, without them, spread evenly over
 * `<xscale min max>`. `<yscale>` only sets the editor's axis, so it is not read.
 */
export function readGraphicalFunction(gf: XmlNode): GraphResult {
  const fail = (problem: string, line = gf.line): GraphResult => ({ ok: false, problem, line })
  const m = mode(gf)
  if (m !== 'continuous' && m !== 'extrapolate' && m !== 'discrete') return fail(m)
  const ynode = child(gf, 'ypts')
  if (!ynode) return fail('the graphical function has no <ypts>')
  const y = numbers(ynode, 'ypts')
  if (typeof y === 'string') return fail(y, ynode.line)
  let x: number[]
  const xnode = child(gf, 'xpts')
  if (xnode) {
    const xs = numbers(xnode, 'xpts')
    if (typeof xs === 'string') return fail(xs, xnode.line)
    if (xs.length !== y.length) return fail(`<xpts> has ${xs.length} values but <ypts> has ${y.length}`, xnode.line)
    x = xs
  } else {
    const scale = child(gf, 'xscale')
    const min = Number(scale?.attrs.get('min'))
    const max = Number(scale?.attrs.get('max'))
    if (!scale || !Number.isFinite(min) || !Number.isFinite(max))
      return fail('the graphical function has neither <xpts> nor an <xscale min max>')
    const n = y.length
    x = y.map((_, i) => (n === 1 ? min : min + ((max - min) * i) / (n - 1)))
  }
  return { ok: true, graph: { x, y, ...(m === 'continuous' ? {} : { mode: m }) } }
}

import type { MethodName, TimeSpec } from '@stockflow/model'
import type { Dialect } from './dialect.js'
import { importError } from './errors.js'
import type { XmlNode } from './xml.js'
import { child } from './xml.js'

const METHODS: Readonly<Record<string, MethodName>> = {
  euler: 'euler',
  rk2: 'rk2',
  rk4: 'rk4',
  rk45: 'adaptive',
}

/**
 * Reads `<sim_specs>` into the model clock: start, stop, dt (`reciprocal="true"` gives 1/dt), the save
 * interval (Stella's `isee:save_interval`, or a `<save_step>`/`<savestep>` child; XMILE 1.0 has none),
 * the method (case-insensitive; a list such as "gear, rk4" takes the first one supported) and
 * `time_units`. Vensim's own exporter writes RK4 for models it simulates with Euler, so its files run Euler.
 */
export function readSimSpecs(specs: XmlNode, dialect: Dialect, file: string, warnings: string[]): TimeSpec {
  const number = (tag: string, fallback?: number): number => {
    const node = child(specs, tag)
    if (!node) {
      if (fallback !== undefined) return fallback
      throw importError(file, specs.line, undefined, `<sim_specs> has no <${tag}>`)
    }
    const value = Number(node.text)
    if (node.text === '' || !Number.isFinite(value))
      throw importError(file, node.line, undefined, `<${tag}> must be a number, got "${node.text}"`)
    return value
  }
  const start = number('start')
  const stop = number('stop')
  let dt = number('dt', 1)
  const dtNode = child(specs, 'dt')
  if (dtNode && (dtNode.attrs.get('reciprocal') ?? '').trim().toLowerCase() === 'true') {
    if (dt === 0) throw importError(file, dtNode.line, undefined, '<dt reciprocal="true"> must not be 0')
    dt = 1 / dt
  }
  const time: { -readonly [K in keyof TimeSpec]: TimeSpec[K] } = { start, stop, dt }

  const saveText =
    specs.attrs.get('isee:save_interval') ??
    specs.attrs.get('save_interval') ??
    child(specs, 'save_step')?.text ??
    child(specs, 'savestep')?.text
  if (saveText !== undefined && saveText.trim() !== '') {
    const saveper = Number(saveText)
    const ratio = saveper / dt
    if (Number.isFinite(saveper) && saveper > 0 && Math.abs(ratio - Math.round(ratio)) <= 1e-9 * ratio) {
      if (Math.round(ratio) > 1) time.saveper = saveper
    } else {
      warnings.push(
        `${file}:${specs.line}: the save interval ${saveText} is not a whole multiple of dt ${dt}; saving every dt`,
      )
    }
  }

  const units = specs.attrs.get('time_units')?.trim()
  if (units) time.units = units

  const declared = specs.attrs.get('method')?.trim()
  if (declared) {
    const names = declared.split(',').map((s) => s.trim().toLowerCase())
    const method = names.map((n) => METHODS[n]).find((m) => m !== undefined)
    if (method === undefined) {
      warnings.push(`${file}:${specs.line}: integration method "${declared}" is not supported; using euler`)
    } else if (method !== 'euler' && dialect.vendor === 'vensim' && dialect.native) {
      warnings.push(
        `${file}:${specs.line}: method "${declared}" ignored: Vensim's XMILE export declares it for models Vensim runs with Euler`,
      )
      time.method = 'euler'
    } else time.method = method
  }
  return time
}

import type { MethodName, TimeSpec } from '@stockflow/model'
import { StockflowError } from '@stockflow/model'
import { docText } from './export-doc.js'
import { vensimNumber } from './export-names.js'

/**
 * Vensim's control section: INITIAL TIME, FINAL TIME, TIME STEP and SAVEPER (`TIME STEP` when the model
 * saves every step), each with the time units. The import reads them back as the model's clock.
 */
export function controlSection(time: TimeSpec, model: string): string {
  const n = (v: number) => vensimNumber(v, () => `model "${model}": its clock`)
  const units = time.units ?? ''
  const control = (name: string, value: string, range: string, comment: string) =>
    `${name}  = ${value}\n${docText(units + range, comment, () => `model "${model}": its time units`)}`
  return [
    '********************************************************\n\t.Control\n********************************************************~\n\t\tSimulation Control Parameters\n\t|\n',
    control('FINAL TIME', n(time.stop), '', 'The final time for the simulation.'),
    control('INITIAL TIME', n(time.start), '', 'The initial time for the simulation.'),
    control(
      'SAVEPER',
      time.saveper === undefined || time.saveper === time.dt ? 'TIME STEP' : n(time.saveper),
      ' [0,?]',
      'The frequency with which output is stored.',
    ),
    control('TIME STEP', n(time.dt), ' [0,?]', 'The time step for the simulation.'),
  ].join('\n')
}

/**
 * Vensim's integration type, the fourth number of the settings line `15:`: 0 Euler, 1 RK4, 3 RK2,
 * 5 RK4 with an automatic step (stockflow's adaptive method).
 */
const METHOD_CODES: Readonly<Record<MethodName, number>> = { euler: 0, rk4: 1, rk2: 3, adaptive: 5 }

/** The settings line that says the integration method. */
export function methodSetting(method: MethodName | undefined): string {
  const code = METHOD_CODES[method ?? 'euler']
  if (code === undefined) throw new StockflowError(`the integration method "${String(method)}" has no Vensim code`)
  return `15:0,0,0,${code},0,0`
}

/**
 * The sketch and settings text with the settings' integration type set to `method`: the `15:` line
 * replaced, or added after the settings marker (and the marker added when the text has none).
 */
export function withMethod(sketch: string, method: MethodName | undefined): string {
  const line = methodSetting(method)
  if (/^15:.*$/m.test(sketch)) return sketch.replace(/^15:.*$/m, line)
  const marker = /^:L\x7f?<%\^E!@.*$/m
  if (marker.test(sketch)) return sketch.replace(marker, (m) => `${m}\n${line}`)
  const end = sketch.endsWith('\n') ? sketch : `${sketch}\n`
  const settings = end.includes('///---\\\\\\') ? end : `${end}///---\\\\\\\n`
  return `${settings}:L\x7f<%^E!@\n${line}\n`
}

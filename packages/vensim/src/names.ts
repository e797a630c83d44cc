import { canonicalId } from '@stockflow/model'
import type { VarId } from '@stockflow/model'

/**
 * A name as the modeler meant it: surrounding quotes dropped (with `\"` inside read as `"`), runs of
 * white space as one space. Vensim compares names ignoring case, spaces and underscores, which is
 * what `canonicalId` of this gives.
 */
export function displayName(raw: string): string {
  let name = raw.trim()
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).replace(/\\"/g, '"')
  return name.replace(/\s+/g, ' ').trim()
}

/** The canonical id of a name as written in a `.mdl` file. */
export function idOf(raw: string): VarId {
  return canonicalId(displayName(raw))
}

/**
 * Vensim's control variables: the clock lives in the model's time spec, not in elements. References to
 * them in equations read the clock (SAVEPER, which stockflow's clock does not expose, reads its value).
 */
export const CONTROL_NAMES: ReadonlyMap<VarId, 'starttime' | 'stoptime' | 'dt' | 'saveper'> = new Map([
  ['initial_time', 'starttime'],
  ['final_time', 'stoptime'],
  ['time_step', 'dt'],
  ['saveper', 'saveper'],
] as const)

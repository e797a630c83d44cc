/**
 * The view state that lives in the URL: which model, scenario, parameter values, variables, compared
 * scenarios, highlighted loop, selected variable, focus view and dominance basis. Pure functions, so
 * they test without a browser.
 */
export interface ViewState {
  /** A bundled seed (`involution`, `teacup`, `sir`), `served` (by `stockflow view`) or `file` (browser storage). */
  readonly model: string
  /** Scenario id; undefined runs the model's own values. */
  readonly scenario?: string
  /** Parameter values the user set, by element id, on top of the scenario. */
  readonly set: Readonly<Record<string, number>>
  /** Variables plotted (ids); undefined means the model's defaults. */
  readonly vars?: readonly string[]
  /** Scenario ids whose runs are overlaid. */
  readonly compare: readonly string[]
  /** Loop highlighted in the causal-loop diagram (an id of the loop list). */
  readonly loop?: string
  /** The selected variable (an element or variable id), URL `sel`. */
  readonly select?: string
  /** The focus view shown (`formatFocus` of a `Focus`), URL `focus`. */
  readonly focus?: string
  /** Loop dominance among the named loops only; undefined: among all loops. URL `dom=named`. */
  readonly dominance?: 'named'
}

/**
 * A focus view: a variable's causes or uses tree to a depth, a found loop alone (its id in the loop
 * analysis), or a sector (its index in the model's sectors).
 */
export type Focus =
  | { readonly kind: 'causes' | 'uses'; readonly id: string; readonly depth: number }
  | { readonly kind: 'loop'; readonly id: string }
  | { readonly kind: 'sector'; readonly index: number }

/** Reads `causes:<id>:<depth>`, `uses:<id>:<depth>`, `loop:<foundId>` or `sector:<n>` (ids may hold `:`). */
export function parseFocus(spec: string): Focus | undefined {
  const colon = spec.indexOf(':')
  const kind = spec.slice(0, colon)
  const rest = spec.slice(colon + 1)
  if (colon < 0 || rest === '') return undefined
  if (kind === 'loop') return { kind, id: rest }
  const count = (text: string) => (/^\d{1,4}$/.test(text) ? Number(text) : NaN)
  if (kind === 'sector') return Number.isNaN(count(rest)) ? undefined : { kind, index: count(rest) }
  if (kind !== 'causes' && kind !== 'uses') return undefined
  const last = rest.lastIndexOf(':')
  const id = rest.slice(0, last)
  const depth = count(rest.slice(last + 1))
  return last > 0 && depth >= 1 ? { kind, id, depth } : undefined
}

/** Writes a focus view as `parseFocus` reads it. */
export function formatFocus(focus: Focus): string {
  if (focus.kind === 'sector') return `sector:${focus.index}`
  if (focus.kind === 'loop') return `loop:${focus.id}`
  return `${focus.kind}:${focus.id}:${focus.depth}`
}

/** Parameters are `p.<id>=<value>`; lists repeat their key (`var=a&var=b`) so ids may hold commas. */
const PARAM_PREFIX = 'p.'

/** Reads the view state from a query string (`?model=involution&scenario=S1&p.added_tariff=0.2`). */
export function parseViewState(search: string, fallbackModel: string): ViewState {
  const q = new URLSearchParams(search)
  const set: Record<string, number> = {}
  for (const [key, text] of q) {
    if (!key.startsWith(PARAM_PREFIX) || key.length === PARAM_PREFIX.length) continue
    const value = Number(text)
    if (text.trim() !== '' && Number.isFinite(value)) set[key.slice(PARAM_PREFIX.length)] = value
  }
  const vars = q.getAll('var').filter((v) => v !== '')
  return {
    model: q.get('model') || fallbackModel,
    scenario: q.get('scenario') || undefined,
    set,
    vars: q.has('var') ? vars : undefined,
    compare: q.getAll('cmp').filter((v) => v !== ''),
    loop: q.get('loop') || undefined,
    select: q.get('sel') || undefined,
    focus: q.get('focus') || undefined,
    dominance: q.get('dom') === 'named' ? 'named' : undefined,
  }
}

/** Writes the view state as a query string (with `?`), keys in a fixed order so URLs are stable. */
export function formatViewState(state: ViewState): string {
  const q = new URLSearchParams()
  q.set('model', state.model)
  if (state.scenario !== undefined) q.set('scenario', state.scenario)
  for (const [id, value] of Object.entries(state.set)) q.append(PARAM_PREFIX + id, String(value))
  if (state.vars !== undefined) {
    if (state.vars.length === 0) q.append('var', '')
    for (const v of state.vars) q.append('var', v)
  }
  for (const c of state.compare) q.append('cmp', c)
  if (state.loop !== undefined) q.set('loop', state.loop)
  if (state.select !== undefined) q.set('sel', state.select)
  if (state.focus !== undefined) q.set('focus', state.focus)
  if (state.dominance !== undefined) q.set('dom', state.dominance)
  return '?' + q.toString()
}

/** The state for another model: everything model-specific is dropped. */
export function switchModel(model: string): ViewState {
  return { model, set: {}, compare: [] }
}

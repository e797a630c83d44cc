import type { Element } from '@stockflow/model'
import { quantile, support } from '@stockflow/experiments'
import type { Distribution, Vary } from '@stockflow/experiments'
import type { CompiledModel } from '@stockflow/solver'
import { nameMeaning } from '@stockflow/solver/internal'

/**
 * Values given on the command line against the min/max a model gives its variables (`param(..., { min,
 * max })`, XMILE `<range>`, Vensim `~ units [min,max]`): what leaves a range, one sentence each, for
 * the caller to warn about or, with --strict, refuse. An arrayed name is checked element by element.
 */

/** A variable's declared range; either side may be open. */
export interface Range {
  readonly min?: number
  readonly max?: number
}

/** The share of draws outside the range above which a normal or lognormal `--vary` is reported. */
export const OUTSIDE_SHARE = 0.001

/**
 * The problems of `--set NAME=VALUE` pairs: each value below or above the range of an element it sets.
 * Names that mean nothing are left to the name checks.
 */
export function setProblems(compiled: CompiledModel, set: Readonly<Record<string, number>>, file: string): string[] {
  const out: string[] = []
  for (const [name, value] of Object.entries(set)) {
    for (const group of rangeGroups(compiled, name)) {
      const side = sideOf(value, group.range)
      if (side) out.push(`--set "${name}=${String(value)}" is ${side} ${rangeText(group)} (${file})`)
    }
  }
  return out
}

/**
 * The problems of `--vary` flags (`text` as given, `vary` as read): levels outside the range; a
 * bounded distribution (uniform, triangular; calibrate's search bounds) reaching beyond it; a normal
 * or lognormal putting more than OUTSIDE_SHARE of its draws outside it.
 */
export function varyProblems(
  compiled: CompiledModel,
  given: readonly { readonly text: string; readonly vary: Vary }[],
  file: string,
): string[] {
  const out: string[] = []
  for (const { text, vary } of given) {
    for (const group of rangeGroups(compiled, vary.name)) {
      const its = rangeText(group)
      const problem =
        'levels' in vary
          ? levelsProblem(vary.levels, group.range, its)
          : drawProblem(vary.distribution, group.range, its)
      if (problem) out.push(`--vary "${text}" ${problem} (${file})`)
    }
  }
  return out
}

interface RangeGroup {
  readonly range: Range
  /** The elements (or the variable) with this range, by their names in runs. */
  readonly names: readonly string[]
  /** Whether these are all the name stands for (then the message says "its range"). */
  readonly all: boolean
}

/** The ranged elements a name stands for, those sharing a range together (Vensim may range elements apart). */
function rangeGroups(compiled: CompiledModel, name: string): RangeGroup[] {
  const meaning = nameMeaning(compiled, name)
  if (!meaning.ok) return []
  const byId = elementsById(compiled)
  const groups = new Map<string, { range: Range; names: string[] }>()
  for (const id of meaning.ids) {
    const e = byId.get(id)
    if (e?.min === undefined && e?.max === undefined) continue
    const range = { ...(e.min !== undefined ? { min: e.min } : {}), ...(e.max !== undefined ? { max: e.max } : {}) }
    const key = `${range.min ?? ''}:${range.max ?? ''}`
    const g = groups.get(key)
    if (g) g.names.push(e.name)
    else groups.set(key, { range, names: [e.name] })
  }
  return [...groups.values()].map((g) => ({ ...g, all: g.names.length === meaning.ids.length }))
}

const memo = new WeakMap<CompiledModel, ReadonlyMap<string, Element>>()

/** The scalar model's elements (an arrayed model's flattening, a variable per element) by id. */
function elementsById(compiled: CompiledModel): ReadonlyMap<string, Element> {
  let byId = memo.get(compiled)
  if (!byId) memo.set(compiled, (byId = new Map(compiled.program.model.elements.map((e) => [e.id, e]))))
  return byId
}

function sideOf(value: number, { min, max }: Range): 'below' | 'above' | undefined {
  if (min !== undefined && value < min) return 'below'
  if (max !== undefined && value > max) return 'above'
  return undefined
}

/** `its range [0, 100]`, `its minimum 0`; for some of a name's elements `the range [0, 1] of Beta[north]`. */
function rangeText({ range: { min, max }, names, all }: RangeGroup): string {
  const what =
    min !== undefined && max !== undefined
      ? `range [${String(min)}, ${String(max)}]`
      : min !== undefined
        ? `minimum ${String(min)}`
        : `maximum ${String(max)}`
  if (all) return `its ${what}`
  const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')}, ... (${names.length})` : names.join(', ')
  return `the ${what} of ${shown}`
}

function levelsProblem(levels: readonly number[], range: Range, its: string): string | undefined {
  const outside = levels.filter((v) => sideOf(v, range))
  if (outside.length === 0) return undefined
  return `has ${outside.length === 1 ? 'a level' : 'levels'} outside ${its}: ${outside.map(String).join(', ')}`
}

function drawProblem(d: Distribution, range: Range, its: string): string | undefined {
  const { min, max } = range
  if (d.kind === 'uniform' || d.kind === 'triangular') {
    const [lo, hi] = support(d)
    const reach = [
      ...(min !== undefined && lo < min ? [`down to ${String(lo)}`] : []),
      ...(max !== undefined && hi > max ? [`up to ${String(hi)}`] : []),
    ]
    return reach.length ? `leaves ${its}: values ${reach.join(' and ')}` : undefined
  }
  // Unbounded: any finite bound can be crossed, so only a share worth noticing is reported.
  const share = (min === undefined ? 0 : shareBelow(d, min)) + (max === undefined ? 0 : 1 - shareBelow(d, max))
  if (!(share > OUTSIDE_SHARE)) return undefined
  return `can leave ${its}: about ${percent(share)} of draws fall outside`
}

/**
 * P(X < x), found by bisection on the distribution's own quantile function (the one sampling uses),
 * so no second implementation of the normal and lognormal tails is needed.
 */
export function shareBelow(d: Distribution, x: number): number {
  let lo = 0
  let hi = 1
  for (let i = 0; i < 64 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2
    if (mid <= 0 || mid >= 1) break
    if (quantile(d, mid) < x) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

function percent(share: number): string {
  const p = share * 100
  return `${p >= 10 ? Math.round(p) : Number(p.toPrecision(2))}%`
}

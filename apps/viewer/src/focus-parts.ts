/** Small pure parts of the focus views: loop choices, a loop's scores, greying a sector's neighbours. */
import type { DominanceResult, FoundLoop, LoopsResult } from './analysis.ts'
import { distinctVariables } from './loop-walk.ts'

/** The loops to choose from: the ones the model names first (by their match), then every found loop. */
export function loopChoices(loops: LoopsResult | undefined): { value: string; text: string }[] {
  if (!loops) return []
  const named = loops.named
    .filter((n) => n.loop !== undefined)
    .map((n) => ({ value: n.loop!, text: `${n.id}: ${n.name} (found ${n.loop})` }))
  const found = loops.loops.map((l) => ({
    value: l.id,
    text: `${l.id} (${distinctVariables(l)}): ${l.names.slice(0, 3).join(' → ')}${l.names.length > 3 ? ' …' : ''}`,
  }))
  return [...named, ...found]
}

/**
 * What the loop view says when it has no loop `id` to draw: the loops are still being found, finding
 * them failed (`failed`), or they are known and `id` (a stale link, say) is not among them.
 */
export function noLoopMessage(id: string, loops: LoopsResult | undefined, failed?: string): string {
  if (loops)
    return `No loop ${id}: the analysis found ${loops.loops.length} loop${loops.loops.length === 1 ? '' : 's'}; choose one above.`
  if (failed !== undefined) return `The loops could not be found: ${failed}`
  return 'Finding the loops…'
}

/**
 * The option a toolbar list shows chosen: `value` when it is one of them, nothing ('') when `value` is
 * one it lacks (never another in its place), the first when no value is asked for.
 */
export function chosenOption(options: readonly { value: string }[], value: string | undefined): string {
  if (value === undefined) return options[0]?.value ?? ''
  return options.some((o) => o.value === value) ? value : ''
}

/**
 * A found loop's relative scores in the dominance result, if it was scored there: under its own id, or
 * under the id of a named loop it matches (dominance among the named loops labels them so).
 */
export function loopScores(dominance: DominanceResult | undefined, loop: FoundLoop): Float64Array | undefined {
  if (!dominance) return undefined
  const names = new Set(loop.named.map((n) => n.name))
  const own = dominance.loops.find((l) => l.id === loop.id && (l.name === undefined || names.has(l.name)))
  if (own) return own.scores
  const ids = new Set(loop.named.map((n) => n.id))
  return dominance.loops.find((l) => ids.has(l.id) && (l.name === undefined || names.has(l.name)))?.scores
}

/** The attribute text the renderers write for an id (`&`, `<`, quotes escaped). */
function attrText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/**
 * Greys the given variables of a rendered causal-loop diagram, and the links to and from them: the
 * class `outside` and a lower opacity go on their groups, so an exported SVG shows it too.
 */
export function greyOutside(svg: string, ids: readonly string[]): string {
  if (ids.length === 0) return svg
  const set = new Set(ids.map(attrText))
  const node = /<g class="([^"]*)" data-node="([^"]*)">/g
  const link = /<g class="([^"]*)" data-link="([^"]*)->([^"]*)"/g
  return svg
    .replace(node, (m, cls: string, id: string) =>
      set.has(id) ? `<g class="${cls} outside" data-node="${id}" opacity="0.45">` : m,
    )
    .replace(link, (m, cls: string, from: string, to: string) =>
      set.has(from) || set.has(to) ? `<g class="${cls} outside" opacity="0.45" data-link="${from}->${to}"` : m,
    )
}

import { linkKey } from '@stockflow/diagram'
import type { CldLayout, CldLinkLayout, CldNodeLayout } from '@stockflow/diagram'
import type { FoundLoop } from './analysis.ts'

/** The drawn parts of a loop in a causal-loop diagram. */
export interface LoopHighlight {
  readonly links: readonly CldLinkLayout[]
  readonly nodes: readonly CldNodeLayout[]
  /** How many of the loop's variables have a node (condensed views leave some out). */
  readonly drawn: number
  readonly total: number
}

/**
 * Which links and nodes of a laid-out diagram a loop runs along. A condensed link (through hidden
 * variables, `via`) belongs to the loop when every step of its path is one of the loop's links.
 */
export function loopHighlight(
  layout: CldLayout,
  loop: { readonly variables: readonly string[]; readonly links: readonly { from: string; to: string }[] },
): LoopHighlight {
  const keys = new Set(loop.links.map((l) => linkKey(l.from, l.to)))
  const links = layout.links.filter((link) => {
    const path = [link.from, ...link.via, link.to]
    for (let i = 1; i < path.length; i++) if (!keys.has(linkKey(path[i - 1]!, path[i]!))) return false
    return true
  })
  const variables = new Set(loop.variables)
  const nodes = layout.nodes.filter((n) => variables.has(n.id))
  return { links, nodes, drawn: nodes.length, total: variables.size }
}

/** A highlighted loop: a found loop (`loop=B3`), or a marked loop the analysis has not matched (`loop=named:R1`). */
export const NAMED_PREFIX = 'named:'

/** What a highlighted loop shows: its links and nodes in the diagram, and a line describing it. */
export interface ShownLoop {
  readonly links: readonly CldLinkLayout[]
  readonly nodes: readonly CldNodeLayout[]
  readonly text: string
}

/** The parts of the diagram a loop key (of the loop list) covers, if the key names a loop there. */
export function shownLoop(
  layout: CldLayout,
  found: readonly FoundLoop[] | undefined,
  key: string,
): ShownLoop | undefined {
  const loop = key.startsWith(NAMED_PREFIX) ? undefined : found?.find((l) => l.id === key)
  if (loop) {
    const h = loopHighlight(layout, loop)
    const partial = h.drawn < h.total
    return {
      links: h.links,
      nodes: h.nodes,
      text: `${describeLoop(loop)}${partial ? ` (${h.drawn} of ${h.total} variables drawn; show all variables for the whole loop)` : ''}`,
    }
  }
  // A marked loop the analysis has not matched (yet): the renderer knows its links.
  const marker = layout.loops.find((m) => m.id === key.slice(NAMED_PREFIX.length))
  if (!marker) return undefined
  const keys = new Set(marker.links)
  const ids = new Set(marker.nodes)
  return {
    links: layout.links.filter((l) => keys.has(linkKey(l.from, l.to))),
    nodes: layout.nodes.filter((n) => ids.has(n.id)),
    text: `${marker.id}${marker.name ? ` ${marker.name}` : ''} ${marker.polarity}`,
  }
}

/** `A → B → C → A`, with the loop's id and polarity. */
export function describeLoop(loop: FoundLoop): string {
  const named = loop.named.length ? ` (${loop.named.map((n) => `${n.id} ${n.name}`).join('; ')})` : ''
  return `${loop.id} ${loop.polarity}${named}: ${[...loop.names, loop.names[0]].join(' → ')}`
}

import { linkKey } from '@stockflow/diagram'
import type { CldLayout, CldLinkLayout, CldNodeLayout } from '@stockflow/diagram'

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

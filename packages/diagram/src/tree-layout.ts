/**
 * A variable's causes or uses tree, like Vensim's tree tools: one column per depth, the root bold at
 * one end, every subtree in a band of its own (so no two boxes overlap), arrows from cause to effect.
 */
import { focusNodeSize, renderFocusLink, renderFocusNode } from './focus-render.js'
import type {
  FocusLinkLayout,
  FocusNodeLayout,
  FocusOptions,
  TreeData,
  TreeLayout,
  TreeNodeInput,
} from './focus-types.js'
import { portOffsets, START_GAP, TIP_GAP } from './link-geometry.js'
import { el, round2, svgDocument } from './svg.js'
import type { Rendered } from './types.js'

/** Space between columns (room for the S-curves and their signs), between sibling rows, and around. */
const COLUMN_GAP = 72
const ROW_GAP = 8
const MARGIN = 24

interface Placed {
  readonly input: TreeNodeInput
  readonly depth: number
  readonly width: number
  readonly height: number
  /** Vertical centre, set by `place`. */
  y: number
  readonly children: {
    readonly polarity?: TreeNodeInput['children'][number]['polarity']
    readonly delayed: boolean
    readonly node: Placed
  }[]
}

function measure(input: TreeNodeInput, depth: number): Placed {
  const size = focusNodeSize(input.name, input.kind, input.repeated)
  return {
    input,
    depth,
    width: size.width,
    height: size.height,
    y: 0,
    children: input.children.map((c) => ({
      polarity: c.polarity,
      delayed: c.delayed === true,
      node: measure(c.node, depth + 1),
    })),
  }
}

/** Places a subtree in the band starting at `top`; returns the band's bottom. */
function place(n: Placed, top: number): number {
  if (n.children.length === 0) {
    n.y = top + n.height / 2
    return top + n.height
  }
  let bottom = top
  for (const [i, c] of n.children.entries()) bottom = place(c.node, i === 0 ? top : bottom + ROW_GAP)
  n.y = (n.children[0]!.node.y + n.children[n.children.length - 1]!.node.y) / 2
  // A parent taller than its children's band: the band grows, the children move down with it.
  const over = top - (n.y - n.height / 2)
  if (over > 0) {
    shift(n, over)
    bottom += over
  }
  return Math.max(bottom, n.y + n.height / 2)
}

function shift(n: Placed, dy: number): void {
  n.y += dy
  for (const c of n.children) shift(c.node, dy)
}

function walk(n: Placed, visit: (n: Placed) => void): void {
  visit(n)
  for (const c of n.children) walk(c.node, visit)
}

/** Lays a tree out: columns by depth (leftwards for causes), rows by band. */
export function layoutTree(data: TreeData, top = 0): TreeLayout {
  const root = measure(data.root, 0)
  const height = place(root, 0)
  const widths: number[] = []
  walk(root, (n) => (widths[n.depth] = Math.max(widths[n.depth] ?? 0, n.width)))
  const centres: number[] = []
  let edge = 0
  for (const [d, w] of widths.entries()) {
    centres[d] = edge + w / 2
    edge += w + COLUMN_GAP
  }
  const span = edge - COLUMN_GAP
  const causes = data.direction === 'causes'
  const xOf = (depth: number) => MARGIN + (causes ? span - centres[depth]! : centres[depth]!)
  const yOf = (y: number) => MARGIN + top + y
  const nodes: FocusNodeLayout[] = []
  const links: FocusLinkLayout[] = []
  const box = (n: Placed): FocusNodeLayout => ({
    id: n.input.id,
    name: n.input.name,
    kind: n.input.kind,
    x: round2(xOf(n.depth)),
    y: round2(yOf(n.y)),
    width: n.width,
    height: n.height,
    depth: n.depth,
    repeated: n.input.repeated === true,
  })
  walk(root, (n) => {
    const parent = box(n)
    nodes.push(parent)
    // Arrowheads meeting a parent spread over its side, or further when many meet there.
    const offsets = portOffsets(n.children.length, Math.max(n.height, n.children.length * 6))
    for (const [i, c] of n.children.entries()) {
      const child = box(c.node)
      // The parent's side facing its column of children; the arrow always runs cause -> effect.
      const side = causes ? -1 : 1
      const atParent = { x: parent.x + side * (parent.width / 2), y: parent.y + offsets[i]! }
      const atChild = { x: child.x - side * (child.width / 2), y: child.y }
      const [from, to] = causes ? [atChild, atParent] : [atParent, atChild]
      // Arrows run left to right in both trees.
      const start = { x: from.x + START_GAP, y: from.y }
      const tip = { x: to.x - TIP_GAP, y: to.y }
      const m = (start.x + tip.x) / 2
      links.push({
        from: causes ? child.id : parent.id,
        to: causes ? parent.id : child.id,
        ...(c.polarity ? { polarity: c.polarity } : {}),
        delayed: c.delayed,
        points: [start, { x: m, y: start.y }, { x: m, y: tip.y }, tip],
        // The sign sits at the child's end, where arrows do not crowd (a causes tree's arrows meet at the parent).
        ...(causes ? { label: { x: start.x + 10, y: start.y - 8 } } : {}),
      })
    }
  })
  return {
    width: round2(span + 2 * MARGIN),
    height: round2(height + 2 * MARGIN + top),
    direction: data.direction,
    nodes,
    links,
  }
}

/**
 * Renders a causes tree (the root on the right, what it reads to its left, and so on to the tree's
 * depth) or a uses tree (the root on the left, what reads it to its right) to an SVG string.
 */
export function renderTree(data: TreeData, options: FocusOptions = {}): Rendered<TreeLayout> {
  const layout = layoutTree(data, options.title ? 28 : 0)
  const side = data.direction === 'causes' ? -1 : 1
  const more = new Set<FocusNodeLayout>()
  // Inputs in the order `walk` visits them, to know which drawn node has branches beyond the depth.
  const inputs: TreeNodeInput[] = []
  const visit = (n: TreeNodeInput) => {
    inputs.push(n)
    n.children.forEach((c) => visit(c.node))
  }
  visit(data.root)
  layout.nodes.forEach((n, i) => {
    if (inputs[i]?.more) more.add(n)
  })
  const body = [
    el(
      'g',
      { class: 'links' },
      layout.links.map((l) => renderFocusLink(l)),
    ),
    el(
      'g',
      { class: 'nodes' },
      layout.nodes.map((n) => renderFocusNode(n, { emphasis: n.depth === 0, more: more.has(n) ? side : undefined })),
    ),
  ]
  const svg = svgDocument(
    {
      width: layout.width,
      height: layout.height,
      outerWidth: options.width,
      outerHeight: options.height,
      className: `stockflow-tree ${data.direction}`,
      title: options.title,
    },
    body,
  )
  return { svg, layout }
}

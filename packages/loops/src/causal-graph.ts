import type { Expr, Model, VarId, VarName } from '@stockflow/model'
import { argRole } from '@stockflow/model/internal'
import { modelEquations } from './equations.js'
import type { ModelEquations } from './equations.js'

/** A variable of the causal graph: every stock, flow, auxiliary and parameter (lookups are functions, not variables). */
export interface CausalNode {
  readonly id: VarId
  readonly name: VarName
  readonly kind: 'stock' | 'flow' | 'aux' | 'param'
}

/**
 * One causal link: `from` is read by the equation of `to`, or is a flow into (`inflow`) or out of
 * (`outflow`) the stock `to`. `delayed` when every use of `from` passes through the internal stocks of
 * a SMOOTH, DELAY or PREVIOUS: the hidden chain is shown as this one link.
 */
export interface CausalLink {
  readonly from: VarId
  readonly to: VarId
  readonly kind: 'equation' | 'inflow' | 'outflow'
  readonly delayed: boolean
}

/** Who causes whom in a model, with lookups by id. */
export interface CausalGraph {
  readonly nodes: readonly CausalNode[]
  readonly links: readonly CausalLink[]
  /** The node of an id, if the model has that variable. */
  node(id: VarId): CausalNode | undefined
  /** Position of a node in `nodes` (model order), or -1. */
  indexOf(id: VarId): number
  /** The link from one variable to another, if any. */
  link(from: VarId, to: VarId): CausalLink | undefined
  /** Links leaving a variable, in the order of `links`. */
  linksFrom(id: VarId): readonly CausalLink[]
  /** Links entering a variable, in the order of `links`. */
  linksTo(id: VarId): readonly CausalLink[]
}

/**
 * Variables an expression reads, each with whether every read is delayed. Initial-value arguments
 * (`SMTH1(x, T, x0)`, `INIT(x)`, `PREVIOUS(x, x0)`) only set a start and are left out.
 */
export function causesIn(expr: Expr): Map<VarId, boolean> {
  const out = new Map<VarId, boolean>()
  const visit = (e: Expr, delayed: boolean): void => {
    switch (e.type) {
      case 'ref':
        out.set(e.id, (out.get(e.id) ?? true) && delayed)
        return
      case 'lookup':
        visit(e.arg, delayed)
        return
      case 'unary':
        visit(e.arg, delayed)
        return
      case 'binary':
        visit(e.left, delayed)
        visit(e.right, delayed)
        return
      case 'if':
        visit(e.cond, delayed)
        visit(e.then, delayed)
        visit(e.else, delayed)
        return
      case 'call':
        e.args.forEach((a, i) => {
          const role = argRole(e.fn, i)
          if (role !== 'initial') visit(a, delayed || role === 'delayed')
        })
        return
      default:
        return
    }
  }
  visit(expr, false)
  return out
}

/** The causal graph of a model: equation links, and flow-to-stock links (inflow +, outflow -). */
export function causalGraph(model: Model, equations: ModelEquations = modelEquations(model)): CausalGraph {
  const nodes: CausalNode[] = []
  for (const e of model.elements) if (e.kind !== 'lookup') nodes.push({ id: e.id, name: e.name, kind: e.kind })
  const index = new Map(nodes.map((n, i) => [n.id, i]))
  const links: CausalLink[] = []
  const byPair = new Map<string, CausalLink>()
  const add = (l: CausalLink) => {
    const key = `${l.from}\u0000${l.to}`
    if (byPair.has(key) || !index.has(l.from) || !index.has(l.to)) return
    byPair.set(key, l)
    links.push(l)
  }
  for (const e of model.elements) {
    if (e.kind === 'stock') {
      for (const f of e.inflows) add({ from: f, to: e.id, kind: 'inflow', delayed: false })
      for (const f of e.outflows) add({ from: f, to: e.id, kind: 'outflow', delayed: false })
      continue
    }
    const eq = equations.equations.get(e.id)
    if (!eq) continue
    for (const [from, delayed] of causesIn(eq.expr)) add({ from, to: e.id, kind: 'equation', delayed })
  }
  return graphOf(nodes, links)
}

/** A causal graph of these nodes and links (one link per pair at most), with its lookups. */
export function graphOf(nodes: readonly CausalNode[], links: readonly CausalLink[]): CausalGraph {
  const index = new Map(nodes.map((n, i) => [n.id, i]))
  const byPair = new Map(links.map((l) => [`${l.from}\u0000${l.to}`, l]))
  const from = new Map<VarId, CausalLink[]>()
  const to = new Map<VarId, CausalLink[]>()
  for (const l of links) {
    if (!from.has(l.from)) from.set(l.from, [])
    if (!to.has(l.to)) to.set(l.to, [])
    from.get(l.from)!.push(l)
    to.get(l.to)!.push(l)
  }
  return {
    nodes,
    links,
    node: (id) => {
      const i = index.get(id)
      return i === undefined ? undefined : nodes[i]
    },
    indexOf: (id) => index.get(id) ?? -1,
    link: (a, b) => byPair.get(`${a}\u0000${b}`),
    linksFrom: (id) => from.get(id) ?? [],
    linksTo: (id) => to.get(id) ?? [],
  }
}

/** Successor lists of the causal graph in model order, sorted (so every search is deterministic). */
export function adjacency(graph: CausalGraph): number[][] {
  return graph.nodes.map((n) =>
    [...new Set(graph.linksFrom(n.id).map((l) => graph.indexOf(l.to)))].sort((a, b) => a - b),
  )
}

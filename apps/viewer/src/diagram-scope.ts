/**
 * What part of a model the diagrams draw. dagre takes seconds on a few hundred variables and minutes
 * (or all the memory) on thousands (the stock-and-flow diagram's packed layout does not, but draws up to
 * a thousand), and a drawing of thousands of variables cannot be read anyway: a
 * large model's causal-loop diagram starts from its stocks, and its automatic stock-and-flow diagram
 * shows a part of the model. Each choice comes with a note saying what is drawn. Pure, so it tests
 * without a browser.
 */
import { canonicalId, dependencyGraph } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'

/**
 * Nodes a causal-loop diagram draws at most. dagre lays out 400 in about a second (in a worker); on a
 * ring of 2,000 it overflows the worker's stack, and the picture could not be read anyway.
 */
export const CLD_LIMIT = 400
/**
 * Variables an automatic stock-and-flow layout draws at most (the involution model has 227): the packed
 * layout takes a fraction of a second on 1,000, and more would not read as one picture anyway.
 */
export const STOCK_FLOW_LIMIT = 1_000

/** The causal-loop diagram's **Show** choices: named loops, stocks, all variables, or with parameters. */
export type CldNodes = 'loops' | 'stocks' | 'all' | 'params'

/** What the causal-loop diagram draws: `renderCld`'s `nodes` and `params`, how many nodes, and a note. */
export interface CldScope {
  readonly nodes: 'all' | 'loops' | readonly string[]
  readonly params: boolean
  readonly count: number
  /** Says what is drawn when it is not all the choice names (a large model), else ''. */
  readonly note: string
}

/** What the stock-and-flow diagram draws: `renderStockFlow`'s `nodes` (undefined: all) and a note. */
export interface StockFlowScope {
  readonly nodes?: readonly string[]
  readonly count: number
  readonly note: string
}

const isVariable = (e: Element) => e.kind === 'stock' || e.kind === 'flow' || e.kind === 'aux'
/** 1,999: thousands separated by hand, as `toLocaleString` loads locale data (300 ms the first time in Chromium). */
const count = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',')

/** The **Show** choice a model opens with: its named loops, else all variables unless they are too many. */
export function defaultCldNodes(model: Model, limit = CLD_LIMIT): CldNodes {
  if (model.loops?.length) return 'loops'
  const variables = model.elements.filter(isVariable).length
  const stocks = model.elements.some((e) => e.kind === 'stock')
  return variables > limit && stocks ? 'stocks' : 'all'
}

/**
 * The nodes of a **Show** choice: named loops (with the stocks), stocks (links condensed through the
 * other variables), all variables, or all with parameters; beyond `limit`, the first `limit` of them in
 * model order, with a note saying so.
 */
export function cldScope(model: Model, choice: CldNodes, limit = CLD_LIMIT): CldScope {
  const params = choice === 'params'
  let wanted: (e: Element) => boolean
  if (choice === 'loops') {
    const byName = new Map<string, string>()
    for (const e of model.elements) byName.set(e.id, e.id).set(canonicalId(e.name), e.id)
    const onLoop = new Set((model.loops ?? []).flatMap((l) => l.variables.map((v) => byName.get(canonicalId(v)))))
    wanted = (e) => e.kind === 'stock' || (e.kind !== 'lookup' && onLoop.has(e.id))
  } else if (choice === 'stocks') wanted = (e) => e.kind === 'stock'
  else wanted = (e) => isVariable(e) || (params && e.kind === 'param')
  const ids = model.elements.filter(wanted).map((e) => e.id)
  const what = {
    loops: 'stocks and named loop variables',
    stocks: 'stocks',
    all: 'variables',
    params: 'variables and parameters',
  }[choice]
  const variables = model.elements.filter(isVariable).length
  if (ids.length <= limit) {
    const nodes = choice === 'stocks' ? ids : choice === 'loops' ? 'loops' : 'all'
    const note =
      choice !== 'stocks'
        ? ''
        : ids.length === 0
          ? 'The model has no stocks: show all variables instead.'
          : variables > limit
            ? `The model's ${count(ids.length)} stocks, with links condensed through the other variables: all ${count(variables)} variables are too many to draw at once.`
            : ''
    return { nodes, params, count: ids.length, note }
  }
  return {
    nodes: ids.slice(0, limit),
    params: false,
    count: limit,
    note: `The first ${count(limit)} of the model's ${count(ids.length)} ${what} (in model order), with links condensed through the others: all of them are too many to draw at once.`,
  }
}

/**
 * The variables of the stock-and-flow diagram: all of them when the model has a view (its positions
 * need no layout) or when they are few; else the first stocks in model order, each with its flows and
 * the variables those flows read, up to `limit` variables.
 */
export function stockFlowScope(model: Model, limit = STOCK_FLOW_LIMIT): StockFlowScope {
  const drawn = model.elements.filter((e) => isVariable(e) || e.kind === 'param')
  if (model.views?.length || drawn.length <= limit) return { count: drawn.length, note: '' }
  const kinds = new Map(drawn.map((e) => [e.id, e.kind]))
  const inputs = new Map<string, string[]>()
  for (const edge of dependencyGraph(model).edges) {
    if (edge.kind !== 'equation' || !kinds.has(edge.from)) continue
    if (!inputs.has(edge.to)) inputs.set(edge.to, [])
    inputs.get(edge.to)!.push(edge.from)
  }
  const chosen = new Set<string>()
  const stocks = model.elements.filter((e) => e.kind === 'stock')
  let taken = 0
  for (const stock of stocks) {
    const flows = [...stock.inflows, ...stock.outflows].filter((f) => kinds.has(f))
    const group = [stock.id, ...flows, ...flows.flatMap((f) => inputs.get(f) ?? [])].filter((id) => !chosen.has(id))
    const fresh = new Set(group)
    if (chosen.size > 0 && chosen.size + fresh.size > limit) break
    for (const id of fresh) chosen.add(id)
    taken++
  }
  // A model without stocks: its first variables.
  if (chosen.size === 0) for (const e of drawn.slice(0, limit)) chosen.add(e.id)
  const nodes = drawn.filter((e) => chosen.has(e.id)).map((e) => e.id)
  const part = stocks.length
    ? `${count(taken)} of the model's ${count(stocks.length)} stocks with their flows and the variables those read (${count(nodes.length)} of ${count(drawn.length)} variables)`
    : `the first ${count(nodes.length)} of the model's ${count(drawn.length)} variables`
  return {
    nodes,
    count: nodes.length,
    note: `Part of the model: ${part}. All of them are too many to read as one picture; a model with diagram positions (an XMILE view or a Vensim sketch) is drawn whole.`,
  }
}

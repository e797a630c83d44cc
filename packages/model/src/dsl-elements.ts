/**
 * The DSL's factories re-making a variable from its own data, for the `.ts` writer, which predicts what
 * the call it writes builds. Internal: the public factories keep one signature each, so a modeler's
 * mistake gets one error about the call as written.
 */
import { aux, flow, lookup, param, stock } from './dsl.js'
import type { Points } from './dsl-options.js'
import type { VarName } from './id.js'
import type { Aux, Flow, Lookup, Param, Stock } from './types.js'

/** A factory called past its typed signature: its implementation keeps an element's own data (`kind` set) as it is. */
type FromData<Args extends readonly unknown[], R> = (name: VarName, ...args: Args) => R

/** What `stock(name, ...)` builds from a stock's own data (dimensions and perElement kept as they are). */
export function stockFromElement(name: VarName, element: Stock): Stock {
  return (stock as unknown as FromData<[Stock], Stock>)(name, element)
}

/** What `flow(name, ...)` builds from a flow's own data, its rate given as `rate`, its ends as stocks. */
export function flowFromElement(
  name: VarName,
  element: Flow & { readonly rate: string; readonly from?: Stock; readonly to?: Stock },
): Flow {
  return (flow as unknown as FromData<[Flow], Flow>)(name, element)
}

/** What `aux(name, ...)` builds from an auxiliary's own data, its graph given as points. */
export function auxFromElement(name: VarName, element: Omit<Aux, 'graph'> & { readonly graph?: Points }): Aux {
  return (aux as unknown as FromData<[Omit<Aux, 'graph'>], Aux>)(name, element)
}

/** What `param(name, value, ...)` builds from a parameter's own data. */
export function paramFromElement(name: VarName, value: number, element: Param): Param {
  return (param as unknown as FromData<[number, Param], Param>)(name, value, element)
}

/** What `lookup(name, points, ...)` builds from a lookup's own data. */
export function lookupFromElement(name: VarName, points: Points, element: Lookup): Lookup {
  return (lookup as unknown as FromData<[Points, Lookup], Lookup>)(name, points, element)
}

/**
 * The DSL's factories called as plain JavaScript calls them, past their typed signatures: the `.ts`
 * writer predicts what each call it writes builds. Internal, so the public factories keep one signature
 * each and a modeler's mistake gets one error, about the call as written.
 */
import { aux, flow, lookup, param, stock } from './dsl.js'
import type { VarName } from './id.js'
import type { Element } from './types.js'

const FACTORIES = { stock, flow, aux, param, lookup } as const

/** A factory's implementation, which checks its arguments at run time. */
type Unchecked = (name: VarName, ...args: readonly unknown[]) => Element

/**
 * What `stock(name, options)` (or the factory of another kind) builds from these arguments, unchecked
 * by the types: `callDsl('param', 'Pop', { north: 1, south: 2 }, { dimensions: [Region] })`.
 */
export function callDsl<K extends Element['kind']>(
  kind: K,
  name: VarName,
  ...args: readonly unknown[]
): Extract<Element, { readonly kind: K }> {
  return (FACTORIES[kind] as unknown as Unchecked)(name, ...args) as Extract<Element, { readonly kind: K }>
}

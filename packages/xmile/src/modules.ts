import { canonicalId } from '@stockflow/model'
import type { VarId } from '@stockflow/model'
import { at, importError } from './errors.js'
import type { ModelDefinition, Variable } from './variables.js'
import { displayName } from './variables.js'
import { childrenOf } from './xml.js'

/** A variable placed in the flat model: inside module `hares` its name is `hares.births`. */
export interface PlacedVariable {
  readonly variable: Variable
  /** `''` in the root model, `hares.` (or `a.b.`) inside module instances. */
  readonly prefix: string
  readonly name: string
  readonly id: VarId
}

/** A module input fed by a `<connect>`: the target variable becomes the source's value. */
export interface Binding {
  readonly target: VarId
  /** The source's qualified name, as written (resolved to an element later). */
  readonly source: string
  readonly line: number
}

/** The root model with every module instance expanded in place. */
export interface Flattened {
  readonly placed: readonly PlacedVariable[]
  readonly bindings: ReadonlyMap<VarId, Binding>
  /** Every module instance, with the prefix its variables carry (for views). */
  readonly instances: readonly { readonly definition: ModelDefinition; readonly prefix: string }[]
}

const MAX_DEPTH = 32

/**
 * Expands module instances into the parent, qualifying names with the instance path (`hares.area`),
 * and turns `<connect to from>` into bindings. Both spellings of the corpus are read: `to` relative
 * to the module (`to="area"`) or qualified with it (`to="hares.area"`, as Stella writes, listing a
 * connection under each module it touches); `from=".area"` is the parent's variable, `from="lynxes.x"`
 * a sibling module's. A module names its model with `model` (or, failing that, its own name).
 */
export function flattenModules(
  root: ModelDefinition,
  models: ReadonlyMap<string, ModelDefinition>,
  file: string,
  warnings: string[],
): Flattened {
  const placed: PlacedVariable[] = []
  const bindings = new Map<VarId, Binding>()
  const instances: { definition: ModelDefinition; prefix: string }[] = []
  const place = (def: ModelDefinition, prefix: string, stack: readonly string[]) => {
    const moduleNames = new Set(def.variables.filter((v) => v.kind === 'module').map((v) => canonicalId(v.name)))
    for (const v of def.variables) {
      if (v.kind !== 'module') {
        placed.push({ variable: v, prefix, name: prefix + v.name, id: canonicalId(prefix + v.name) })
        continue
      }
      const modelName = v.node.attrs.get('model') ?? v.node.attrs.get('model_name') ?? v.name
      const sub = models.get(canonicalId(displayName(modelName)))
      if (!sub) throw importError(file, v.node.line, v.name, `the module's model "${modelName}" is not in the file`)
      if (stack.includes(sub.name) || stack.length >= MAX_DEPTH)
        throw importError(file, v.node.line, v.name, `the module instantiates its own model ("${modelName}")`)
      const inner = `${prefix}${v.name}.`
      for (const c of childrenOf(v.node, 'connect')) {
        const to = displayName(c.attrs.get('to') ?? '')
        const from = displayName(c.attrs.get('from') ?? '')
        if (to === '' || from === '') {
          warnings.push(`${at(file, c.line)}: a <connect> without "to" and "from" is ignored`)
          continue
        }
        const first = canonicalId(to.split('.')[0]!)
        const target = to.startsWith('.')
          ? prefix + to.slice(1)
          : to.includes('.') && moduleNames.has(first)
            ? prefix + to
            : inner + to
        const source = prefix + (from.startsWith('.') ? from.slice(1) : from)
        const id = canonicalId(target)
        if (!bindings.has(id)) bindings.set(id, { target: id, source, line: c.line })
      }
      instances.push({ definition: sub, prefix: inner })
      place(sub, inner, [...stack, sub.name])
    }
  }
  place(root, '', [root.name])
  return { placed, bindings, instances }
}

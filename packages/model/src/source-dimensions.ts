import { dimension, subrange } from './dsl-dimensions.js'
import { canonicalId } from './id.js'
import { dimensionIdentifier } from './source-identifiers.js'
import { callCode, group, prefixed } from './source-layout.js'
import type { Code } from './source-layout.js'
import { data, dataProps, jsString, prop } from './source-literals.js'
import { deepEqual } from './source-values.js'
import type { Dimension } from './types.js'

// The model's dimensions written as DSL declarations, `const Region = dimension('Region', [...])`, for
// the DSL writer: a parent before its subranges, each with a handle named after it.

/** One dimension's declaration. */
export interface DimensionDeclaration {
  readonly dimension: Dimension
  readonly ident: string
  readonly code: Code
  /** The DSL function the declaration calls (none: plain data). */
  readonly fn?: 'dimension' | 'subrange'
}

/**
 * A declaration per dimension, parents first, with readable, unused handle names (taken from `used`).
 * Whatever `dimension()`/`subrange()` would not rebuild as the model has it travels as an override.
 */
export function dimensionDeclarations(dims: readonly Dimension[], used: Set<string>): DimensionDeclaration[] {
  const byId = new Map<string, Dimension>()
  for (const d of dims) if (!byId.has(canonicalId(d.name))) byId.set(canonicalId(d.name), d)
  const ordered: Dimension[] = []
  const state = new Map<Dimension, 'visiting' | 'done'>()
  const visit = (d: Dimension) => {
    if (state.has(d)) return
    state.set(d, 'visiting')
    const parent = d.parent === undefined ? undefined : byId.get(canonicalId(d.parent))
    if (parent) visit(parent)
    state.set(d, 'done')
    ordered.push(d)
  }
  for (const d of dims) visit(d)

  const idents = new Map<Dimension, string>()
  for (const d of dims) {
    const ident = dimensionIdentifier(d.name, used)
    used.add(ident)
    idents.set(d, ident)
  }
  const declared = new Set<Dimension>()
  return ordered.map((d) => {
    const parent = d.parent === undefined ? undefined : byId.get(canonicalId(d.parent))
    const { code, fn } =
      parent && declared.has(parent) ? subrangeCode(d, parent, idents.get(parent)!) : dimensionCode(d)
    declared.add(d)
    return { dimension: d, ident: idents.get(d)!, code, ...(fn ? { fn } : {}) }
  })
}

/** A declaration's code, and the DSL function it calls (none: plain data). */
interface Written {
  readonly code: Code
  readonly fn?: 'dimension' | 'subrange'
}

/** `dimension('Region', [...], { aliases, mappings })`, or `dimension('Cohort', 3)` for elements 1..n. */
function dimensionCode(d: Dimension): Written {
  const numeric = d.elements.length > 0 && d.elements.every((e, i) => e === String(i + 1))
  const options: [string, unknown][] = []
  if (d.aliases?.length) options.push(['aliases', d.aliases])
  if (d.mappings?.length) options.push(['mappings', d.mappings])
  const args: Code[] = [jsString(d.name), numeric ? String(d.elements.length) : data(d.elements)]
  if (options.length) args.push(group('{', dataProps(options), '}', true))
  let predicted: Dimension | undefined
  try {
    const opts = Object.fromEntries(options)
    predicted = numeric ? dimension(d.name, d.elements.length, opts) : dimension(d.name, d.elements, opts)
  } catch {
    predicted = undefined
  }
  return withOverrides(d, predicted, 'dimension', args)
}

/** `subrange('Coast', Region, [...])`, its elements spelt as the parent spells them (the type wants that). */
function subrangeCode(d: Dimension, parent: Dimension, parentIdent: string): Written {
  const spelling = new Map(parent.elements.map((e) => [canonicalId(e), e]))
  const elements = d.elements.map((e) => spelling.get(canonicalId(e)) ?? e)
  let predicted: Dimension | undefined
  try {
    predicted = subrange(d.name, parent, elements)
  } catch {
    predicted = undefined
  }
  return withOverrides(d, predicted, 'subrange', [jsString(d.name), parentIdent, data(elements)])
}

/** The call spread with the keys it gets wrong: `{ ...subrange(...), aliases: [...] } as const`. */
function withOverrides(
  d: Dimension,
  predicted: Dimension | undefined,
  fn: 'dimension' | 'subrange',
  args: readonly Code[],
): Written {
  if (!predicted) return { code: data(d) }
  const call = callCode(fn, args)
  const actual = d as unknown as Record<string, unknown>
  const expected = predicted as unknown as Record<string, unknown>
  const keys = ['name', 'elements', 'parent', 'aliases', 'mappings'].filter((k) => !deepEqual(expected[k], actual[k]))
  if (keys.length === 0) return { code: call, fn }
  const props = keys.map((k) => prop(k, data(actual[k])))
  return { code: group('{', [prefixed('...', call), ...props], '} as const', true), fn }
}

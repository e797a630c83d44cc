/** What the written source may import from @stockflow/model: no handle may take these names. */
export const DSL_NAMES = ['aux', 'eq', 'flow', 'lookup', 'model', 'param', 'stock'] as const

/** What the source of an arrayed model may import besides: reserved only there, so scalar sources stay as they were. */
export const ARRAY_DSL_NAMES = ['at', 'bang', 'dimension', 'subrange'] as const

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval undefined NaN ' +
    'Infinity globalThis'
  ).split(' '),
)

/** A readable, valid, unused camelCase identifier for a display name: `Heat Loss to Room` -> `heatLossToRoom`. */
export function identifier(name: string, kind: string, used: ReadonlySet<string>): string {
  const words = name.split(/[^\p{ID_Continue}]+|_+/u).filter(Boolean)
  let id = words
    .map((w, i) => {
      if (i === 0) return w === w.toUpperCase() ? w.toLowerCase() : w[0]!.toLowerCase() + w.slice(1)
      return w[0]!.toUpperCase() + w.slice(1)
    })
    .join('')
  id = [...id].filter((c) => /[\p{ID_Continue}$]/u.test(c)).join('')
  if (id === '') id = 'unnamed' + kind[0]!.toUpperCase() + kind.slice(1)
  else if (!/^[\p{ID_Start}$_]/u.test(id)) id = '_' + id
  if (RESERVED.has(id) || (DSL_NAMES as readonly string[]).includes(id)) id += kind[0]!.toUpperCase() + kind.slice(1)
  let unique = id
  for (let n = 2; used.has(unique); n++) unique = `${id}${n}`
  return unique
}

/** A handle name for a dimension, capitalised as types are: `age group` -> `AgeGroup`. */
export function dimensionIdentifier(name: string, used: ReadonlySet<string>): string {
  const camel = identifier(name, 'dimension', new Set())
  let id = camel[0] === '_' || camel[0] === '$' ? camel : camel[0]!.toUpperCase() + camel.slice(1)
  if (RESERVED.has(id)) id += 'Dimension'
  let unique = id
  for (let n = 2; used.has(unique); n++) unique = `${id}${n}`
  return unique
}

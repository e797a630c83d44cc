import type { AnyDimension } from './dsl-dimensions.js'
import type {
  AnyHandle,
  DimensionsOf,
  Equation,
  Iterates,
  IteratesOf,
  IteratesOver,
  Subscripted,
  SubscriptText,
  UsesOf,
} from './dsl-handle.js'
import { isDimension } from './dsl-handle.js'
import type { VarName } from './id.js'

export type { AnyEquation, AnyHandle, DepsOf, Equation, Handle, Iterates } from './dsl-handle.js'

/** Writes a name so the parser reads it back exactly: `"Room Temperature"`. */
export function quoteName(name: VarName): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/** Words mathjs reads as operators or constants: a variable so named must be quoted. */
const RESERVED = new Set([
  ...['and', 'or', 'not', 'xor', 'mod', 'to', 'in', 'true', 'false', 'null', 'undefined'],
  // mathjs reads these as numbers, not names
  ...['infinity', 'nan'],
])

/** A display name as equation text: underscored when that reads back as the same name, else quoted. */
export function nameText(name: VarName): string {
  const underscored = name.trim().replace(/\s+/g, '_')
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(underscored) && !RESERVED.has(underscored.toLowerCase())
    ? underscored
    : quoteName(name)
}

/** Writes a number so the parser reads back the same double. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) throw new TypeError('NaN cannot be written in an equation')
  if (!Number.isFinite(value)) throw new TypeError('an infinite number cannot be written in an equation')
  if (Object.is(value, -0)) return '(-0)'
  const text = String(value)
  return value < 0 ? `(${text})` : text
}

/** What `eq` interpolates: a number, a variable's handle, `at(handle, ...)`, or a dimension (its current element's position). */
export type EquationValue = number | AnyHandle | Subscripted | AnyDimension

/** The variable names a value references: a handle's or an `at()`'s; numbers and dimensions none. */
type NamesIn<V> = V extends AnyDimension
  ? never
  : V extends { readonly ref: infer N extends string }
    ? N
    : V extends { readonly name: infer N extends string }
      ? N
      : never

/** The dimensions a value iterates over: a bare arrayed handle its own, `at()` those it was given. */
type IteratesIn<V> = V extends AnyDimension
  ? IteratesOver<V>
  : V extends Subscripted
    ? IteratesOf<V>
    : HandleIterates<DimensionsOf<V>>

/** A bare handle iterates over its dimensions; a handle whose dimensions are not a known tuple, over none. */
type HandleIterates<Dims> = Dims extends readonly unknown[]
  ? number extends Dims['length']
    ? never
    : IteratesOver<Dims[number]>
  : never

/** The dimension names a value needs the model to define. */
type UsesIn<V> = V extends AnyDimension ? IteratesOver<V>['within'] : V extends Subscripted ? UsesOf<V> : never

/**
 * Tagged template for equations over element handles: `` eq`(${temperature} - ${room}) / ${tau}` ``.
 * A misspelt handle is a compile error, and `model()` checks that every handle used is in the model.
 * Arrayed variables are read bare (`${infected}`: at the element being computed) or through `at()`.
 */
export function eq<const H extends readonly EquationValue[]>(
  strings: TemplateStringsArray,
  ...values: H
): Equation<NamesIn<H[number]>, Extract<IteratesIn<H[number]>, Iterates>, UsesIn<H[number]>> {
  let text = strings[0] ?? ''
  values.forEach((value, i) => {
    text += valueText(value)
    text += strings[i + 1] ?? ''
  })
  return text
}

function valueText(value: EquationValue): string {
  if (typeof value === 'number') return formatNumber(value)
  if (isDimension(value)) return subscriptName(value.name)
  if ('ref' in value && Array.isArray(value.subscripts))
    return `${quoteName(value.ref)}[${value.subscripts.map(subscriptText).join(', ')}]`
  return quoteName((value as AnyHandle).name)
}

function subscriptText(s: SubscriptText): string {
  if (typeof s === 'string') return s === '*' ? '*' : subscriptName(s)
  return subscriptName(s.dimension) + (s.bang ? '!' : '')
}

/** An element's or dimension's name inside brackets: bare when it reads back as itself, else quoted. */
export function subscriptName(name: string): string {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name.toLowerCase()) ? name : quoteName(name)
}

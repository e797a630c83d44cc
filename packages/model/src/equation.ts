import type { VarName } from './id.js'

declare const depsBrand: unique symbol

/**
 * Equation text that remembers, in its type only, the display names it references.
 * At run time it is a plain string, so models stay plain data.
 */
export type Equation<D extends string = string> = string & { readonly [depsBrand]?: D }

/** Anything with a display name that an equation can reference; `D` are the names it depends on. */
export interface Handle<N extends VarName = VarName, D extends VarName = VarName> {
  readonly name: N
  readonly [depsBrand]?: D
}

/** The display names a handle depends on (type level only). */
export type DepsOf<H> = H extends { readonly [depsBrand]?: infer D } ? Exclude<D, undefined> : never

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

/**
 * Tagged template for equations over element handles: `` eq`(${temperature} - ${room}) / ${tau}` ``.
 * A misspelt handle is a compile error, and `model()` checks that every handle used is in the model.
 */
export function eq<const H extends readonly (Handle | number)[]>(
  strings: TemplateStringsArray,
  ...values: H
): Equation<Extract<H[number], Handle>['name']> {
  let text = strings[0] ?? ''
  values.forEach((value, i) => {
    text += typeof value === 'number' ? formatNumber(value) : quoteName(value.name)
    text += strings[i + 1] ?? ''
  })
  return text
}

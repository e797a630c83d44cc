import { group, prefixed } from './source-layout.js'
import type { Code } from './source-layout.js'

// JavaScript literals for the DSL writer. Model text enters the source only through these, so a hostile
// name or equation cannot break out of a literal.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Characters that may not stand raw in a literal: controls, line separators, lone surrogates. */
const UNSAFE = new RegExp(`${CONTROL.source}|${LONE_SURROGATE.source}`, 'g')

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
const hex = (c: string) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')

/** A single-quoted JS string literal. */
export function jsString(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(UNSAFE, (c) => ESCAPES[c] ?? hex(c))
  return `'${body}'`
}

/** Text inside a template literal: backslashes, backticks and `$` escaped, so nothing interpolates. */
export function templateText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/`/g, '\\`')
    .replace(/\$/g, '\\$')
    .replace(UNSAFE, (c) => ESCAPES[c] ?? hex(c))
}

export function numberLiteral(v: number): string {
  if (Object.is(v, -0)) return '-0'
  return String(v)
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/

function key(k: string): string {
  // A quoted "__proto__" key would still set the prototype; a computed key makes it an own property.
  if (k === '__proto__') return `['__proto__']`
  return PLAIN_KEY.test(k) ? k : jsString(k)
}

/** `key: value`, where a group value keeps its own layout. */
export function prop(k: string, value: Code): Code {
  return prefixed(`${key(k)}: `, value)
}

/** Plain data (strings, numbers, booleans, arrays, objects) as layout code. */
export function data(v: unknown): Code {
  if (typeof v === 'string') return jsString(v)
  if (typeof v === 'number') return Number.isFinite(v) ? numberLiteral(v) : String(v)
  if (typeof v === 'boolean') return String(v)
  if (v === undefined) return 'undefined'
  if (v === null) return 'null'
  if (Array.isArray(v)) return group('[', v.map(data), ']', false)
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined)
  return group('{', dataProps(entries), '}', true)
}

/** Object properties holding plain data. */
export function dataProps(entries: readonly (readonly [string, unknown])[]): Code[] {
  return entries.map(([k, v]) => prop(k, data(v)))
}

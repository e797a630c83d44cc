import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { Definition, Equation, Expr, MdlFile } from '../src/index.js'
import { parseMdl } from '../src/index.js'

/** A value without its positions, to compare trees by shape. */
export function shape<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === 'pos' ? undefined : v)))
}

/** Parses text that must have no problems. */
export function clean(text: string): MdlFile {
  const file = parseMdl(text)
  expect(file.problems).toEqual([])
  return file
}

/** The one definition of `text`. */
export function definition(text: string): Definition {
  const file = clean(text)
  expect(file.definitions).toHaveLength(1)
  return file.definitions[0]!
}

export function equation(text: string): Equation {
  const d = definition(text)
  if (d.t !== 'equation') throw new Error(`not an equation: ${d.t}`)
  return d
}

/** The right-hand side of `x = <rhs> ~~|`. */
export function rhs(text: string): Expr {
  return equation(`x = ${text} ~~|`).expr!
}

/** An expression in prefix form, `(op a b)`, parentheses dropped: precedence at a glance. */
export function prefix(e: Expr): string {
  switch (e.t) {
    case 'num':
      return String(e.value)
    case 'str':
      return `'${e.value}'`
    case 'na':
      return ':NA:'
    case 'ref':
      return (
        e.name + (e.subscripts.length ? `[${e.subscripts.map((s) => s.name + (s.bang ? '!' : '')).join(',')}]` : '')
      )
    case 'call':
      return `${e.fn}(${e.args.map(prefix).join(', ')}${e.outputs ? ` : ${e.outputs.join(', ')}` : ''})`
    case 'unary':
      return `(${e.op} ${prefix(e.arg)})`
    case 'binary':
      return `(${e.op} ${prefix(e.left)} ${prefix(e.right)})`
    case 'paren':
      return prefix(e.arg)
    case 'table':
      return `table`
    case 'numbers':
      return e.rows.map((r) => r.join(',')).join(';')
    case 'tabbed':
      return `tabbed ${e.rows.map((r) => r.join(' ')).join(';')}`
  }
}

/** Every `.mdl` under a folder, sorted. */
export function mdlFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...mdlFiles(path))
    else if (/\.mdl$/i.test(name)) out.push(path)
  }
  return out
}

/** Paths of the tree's nodes that lack a position (docs, ranges and positions themselves are no nodes). */
export function withoutPosition(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => withoutPosition(v, `${path}[${i}]`))
  if (value === null || typeof value !== 'object') return []
  const node = value as Record<string, unknown>
  const missing = 'pos' in node ? [] : [path]
  for (const [key, child] of Object.entries(node)) {
    if (key === 'pos' || key === 'doc' || key === 'range' || key === 'sketch' || key === 'settings') continue
    if (key === 'rows' || key === 'x' || key === 'y' || key === 'inputs' || key === 'outputs') continue
    if (key === 'problems' || key === 'definitions' || key === 'macros' || key === 'realityChecks') {
      missing.push(...withoutPosition(child, `${path}.${key}`).filter((p) => p !== `${path}.${key}`))
      continue
    }
    missing.push(...withoutPosition(child, `${path}.${key}`))
  }
  return missing
}

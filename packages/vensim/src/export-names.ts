import { StockflowError } from '@stockflow/model'
import { NA_VALUE } from './expression.js'

// How names and numbers are spelled in a `.mdl` file written by exportMdl.

/**
 * A name as Vensim equation text: bare when it is ASCII words separated by single spaces (a variable
 * named like a function too, as Vensim writes it: a call is told apart by its parenthesis), else in
 * double quotes with `"` escaped (`\"`; Vensim keeps any other backslash as it is). Both read back as
 * the same name, in any case; other readers (SDEverywhere) name a variable by its quotes too, so none
 * are added where none are needed. A name Vensim cannot quote is a StockflowError.
 */
export function vensimName(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*( [A-Za-z0-9_]+)*$/.test(name)) return name
  if (name.endsWith('\\') || /[\r\n]/.test(name))
    throw new StockflowError(
      `the name "${name}" ends with a backslash or holds a line break, which a .mdl file cannot quote`,
    )
  return `"${name.replace(/"/g, '\\"')}"`
}

/**
 * A number as Vensim reads it back exactly (shortest round-trip digits, `1e+21` style exponents);
 * Vensim's missing value -1e38 as `:NA:`. Negative numbers keep their sign: callers parenthesize.
 */
export function vensimNumber(value: number, where: () => string): string {
  if (!Number.isFinite(value)) throw new StockflowError(`${where()}: ${value} cannot be written in a .mdl file`)
  if (value === NA_VALUE) return ':NA:'
  return Object.is(value, -0) ? '0' : String(value)
}

/** A subscript range's element or name as Vensim text: a number as written (`Age: 0, 5, 10`), else a name. */
export function vensimSubscript(name: string): string {
  return /^\d+$/.test(name) ? name : vensimName(name)
}

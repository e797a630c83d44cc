import { canonicalId } from '@stockflow/model'
import { nameText } from '@stockflow/model/internal'
import { XMILE_DIALECT } from './dialect.js'
import type { Dialect } from './dialect.js'
import { parseXmileExpression } from './expression.js'
import { resolveCalls } from './functions.js'
import { printEquation } from './print.js'
import { displayName } from './variables.js'

/** Settings of a one-off translation. */
export interface TranslateOptions {
  /** Vensim semantics for INT (truncates) and MOD (sign of the dividend); XMILE's by default. */
  readonly vensim?: boolean
  /** Names of graphical functions that equations call like functions. */
  readonly lookups?: readonly string[]
}

/**
 * Translates one XMILE equation into stockflow equation text:
 * `IF a > b THEN 1 ELSE 0` becomes `(a > b) ? 1 : 0`, `x MOD 3` becomes `mod(x, 3)`.
 * Throws an ExpressionError (with the offset) on text it cannot read.
 */
export function translateEquation(text: string, options: TranslateOptions = {}): string {
  const dialect: Dialect = options.vensim ? { vendor: 'vensim', native: false, label: 'Vensim' } : XMILE_DIALECT
  const lookups = new Map((options.lookups ?? []).map((n) => [canonicalId(displayName(n)), displayName(n)]))
  const resolved = resolveCalls(parseXmileExpression(text), {
    dialect,
    lookupOf: (name) => lookups.get(canonicalId(displayName(name))),
  })
  return printEquation(resolved, (name) => nameText(displayName(name)))
}

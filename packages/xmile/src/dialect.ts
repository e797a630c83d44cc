import type { XmlNode } from './xml.js'
import { child } from './xml.js'

/**
 * Whose semantics a file's builtins carry. Vensim's exporter and xmutil (Vensim to XMILE) rename
 * functions without changing what they compute, so INT still truncates and MOD keeps the sign of
 * the dividend; `native` marks Vensim's own exporter, which also writes RK4 for Euler models.
 */
export interface Dialect {
  readonly vendor: 'xmile' | 'vensim'
  readonly native: boolean
  /** The header's vendor and product, for messages. */
  readonly label: string
}

/** The XMILE dialect: INT is floor, MOD is floored, PULSE is (magnitude, first, interval). */
export const XMILE_DIALECT: Dialect = { vendor: 'xmile', native: false, label: 'XMILE' }

/** Reads the dialect from `<header>`: a vendor or product naming Vensim or Ventana means Vensim semantics. */
export function detectDialect(root: XmlNode): Dialect {
  const header = child(root, 'header')
  if (!header) return XMILE_DIALECT
  const vendor = child(header, 'vendor')?.text ?? ''
  const product = child(header, 'product')?.text ?? ''
  const label = [vendor, product].filter((s) => s !== '').join(' / ') || 'XMILE'
  const both = `${vendor} ${product}`.toLowerCase()
  if (!/vensim|ventana/.test(both)) return { ...XMILE_DIALECT, label }
  return { vendor: 'vensim', native: !/xmutil/.test(both), label }
}

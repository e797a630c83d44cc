import { existsSync, statSync } from 'node:fs'
import { dirname, extname, join, resolve } from 'node:path'

const TYPESCRIPT = ['.ts', '.mts', '.cts', '.tsx']

/**
 * The `.ts` files `stockflow check MODEL` type-checks: the model (a folder means its `model.ts`) and the
 * `checks.ts` beside it. None for JSON, XMILE, Vensim or JavaScript models. Kept apart from the checker
 * so that deciding costs nothing: the compiler is loaded only when there is TypeScript to check.
 */
export function typecheckRoots(path: string): string[] {
  let file = resolve(path)
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'model.ts')
  if (!existsSync(file) || !TYPESCRIPT.includes(extname(file).toLowerCase())) return []
  const checks = join(dirname(file), 'checks.ts')
  return existsSync(checks) && checks !== file ? [file, checks] : [file]
}

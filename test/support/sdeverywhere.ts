import { createRequire } from 'node:module'

/** The part of @sdeverywhere/compile stockflow uses (the package ships no types). */
export interface SdeCompile {
  resetState(): void
  canonicalName(name: string): string
  parseModel(input: string, kind: 'xmile', modelDir: string): unknown
  generateCode(
    parsed: unknown,
    opts: {
      spec: { inputVarNames: string[]; outputVarNames: string[] }
      operations: string[]
      extData: Map<string, unknown>
      directData: Map<string, unknown>
      modelDirname: string
    },
  ): string
}

/**
 * Loads SDEverywhere's compiler (0.7.28), the peer engine of the tests and the bench. The workspace
 * pins xlsx to the registry's 0.18.5, whose CommonJS build has no `set_fs`, which the compiler calls
 * when it loads; that build reads files itself, so a no-op suffices.
 */
export async function loadSdeCompiler(): Promise<SdeCompile> {
  const require = createRequire(import.meta.url)
  const xlsx = createRequire(require.resolve('@sdeverywhere/compile'))('xlsx') as { set_fs?: unknown }
  if (typeof xlsx.set_fs !== 'function') xlsx.set_fs = () => {}
  const name = '@sdeverywhere/compile'
  return (await import(name)) as SdeCompile
}

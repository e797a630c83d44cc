/** Which data file read a Vensim function is. */
export type DirectFunctionKind = 'data' | 'constants' | 'lookups' | 'subscript'

const KINDS: ReadonlyMap<string, DirectFunctionKind> = new Map([
  ['get direct data', 'data'],
  ['get xls data', 'data'],
  ['get direct constants', 'constants'],
  ['get xls constants', 'constants'],
  ['get direct lookups', 'lookups'],
  ['get xls lookups', 'lookups'],
  ['get direct subscript', 'subscript'],
  ['get xls subscript', 'subscript'],
])

/**
 * The kind of `GET DIRECT ...` call a function name is, or undefined. The `GET XLS` names are the same
 * reads (Vensim's older, Excel-only spelling); case, spaces and underscores do not matter
 * (`GET_DIRECT_CONSTANTS`). Data calls read with `readDirectData`, constants with `readDirectConstants`,
 * lookups with `readDirectLookups`, subscript ranges with `readDirectSubscript`.
 */
export function directFunctionKind(fn: string): DirectFunctionKind | undefined {
  return KINDS.get(
    fn
      .trim()
      .replace(/[\s_]+/g, ' ')
      .toLowerCase(),
  )
}

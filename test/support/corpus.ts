/**
 * Where the conformance corpus is. The corpus is not part of this repository: it is the SDXorg
 * test-models suite (the standard set of system-dynamics test models, each with the canonical output
 * of Vensim or Stella), the Simlin project's copy of that suite (fixed XMILE files, more conversions)
 * and the World3-03 Vensim model. `STOCKFLOW_CORPUS` names a folder holding them as `test-models/`,
 * `test-models-simlin/` and `world3/`; `.ci/run` sets it when it finds a copy.
 *
 * Unset, the corpus tests skip (each test file says why once). Set, they must run: a missing folder
 * throws, so the test file fails instead of skipping, and `.ci/run` also fails when a test whose name
 * mentions the corpus (`corpus` or `SDXorg`) is skipped (`corpus-report.ts`).
 */
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const CORPUS_VARIABLE = 'STOCKFLOW_CORPUS'

/** The folders of the corpus. */
export type CorpusCopy = 'test-models' | 'test-models-simlin' | 'world3'

type Env = Readonly<Record<string, string | undefined>>

let told = false

/** Under vitest, says once per test file why its corpus tests skip (bench prints its own line). */
function tellSkipped(env: Env): void {
  if (told || !env['VITEST']) return
  told = true
  console.info(
    `${CORPUS_VARIABLE} is not set: the tests on the conformance corpus are skipped ` +
      `(set it to a folder holding test-models/, test-models-simlin/ and world3/ to run them)`,
  )
}

/** The corpus folder, absolute; undefined when `STOCKFLOW_CORPUS` is unset or empty. */
export function corpusRoot(env: Env = process.env): string | undefined {
  const value = env[CORPUS_VARIABLE]
  if (!value) {
    tellSkipped(env)
    return undefined
  }
  const root = resolve(value)
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new Error(`${CORPUS_VARIABLE}=${value} is not a folder: point it at the corpus folder, or unset it`)
  return root
}

/**
 * A path inside one corpus folder (`corpusPath('test-models', 'samples/SIR')`), absolute; undefined
 * when `STOCKFLOW_CORPUS` is unset. Throws when it is set and the path is missing: CI must not skip.
 */
export function corpusPath(copy: CorpusCopy, sub = '', env: Env = process.env): string | undefined {
  const root = corpusRoot(env)
  if (root === undefined) return undefined
  const path = join(root, copy, sub)
  if (!existsSync(path))
    throw new Error(
      `${CORPUS_VARIABLE}=${root} has no ${join(copy, sub)}: point it at a folder holding ` +
        `test-models/, test-models-simlin/ and world3/, or unset it to skip the corpus tests`,
    )
  return path
}

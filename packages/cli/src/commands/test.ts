import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { isStockflowError, StockflowError } from '@stockflow/model'
import { runChecks } from '@stockflow/solver'
import type { CheckResult, CheckSuite } from '@stockflow/solver'
import type { Command } from 'commander'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { importModule, loadModel } from '../load.js'

const CHECK_FILES = ['checks.ts', 'checks.js', 'checks.mts', 'checks.mjs']

/** `stockflow test` takes no flags. */
export type TestFlags = Readonly<Record<string, never>>

/** The commander definition of `stockflow test`. */
export function testOptions(command: Command): Command {
  return command
    .description("run the model's behaviour checks (checks.ts): PASS/FAIL per check, then a summary")
    .argument('<model>', 'a model folder or file with checks.ts beside it, or the checks file')
}

/**
 * `stockflow test MODEL`: runs the model's behaviour checks; a line per check (and a line per failing
 * element of a check over elements), then `N passed, M failed`.
 * Returns 1 when a check failed.
 */
export async function testCommand(path: string, _flags: TestFlags, io: Io): Promise<number> {
  const file = checksFile(path)
  const suite = await loadSuite(file, path)
  const results = runChecks(suite)
  for (const r of results) io.stdout(r.pass ? `PASS ${r.name}\n` : failure(r))
  const failed = results.filter((r) => !r.pass).length
  io.stdout(`${results.length - failed} passed, ${failed} failed\n`)
  return failed > 0 ? 1 : 0
}

/** A FAIL line; a check over elements names the failing ones, then gives each one's detail on a line. */
function failure(r: CheckResult): string {
  const failed = r.elements?.filter((e) => !e.pass)
  if (!failed?.length) return `FAIL ${r.name}: ${r.detail}\n`
  const head = `FAIL ${r.name}: fails for ${failed.map((e) => e.element).join(', ')} (${failed.length} of ${r.elements!.length})`
  return [head, ...failed.map((e) => `  ${e.element}: ${e.detail}`)].join('\n') + '\n'
}

/** `stockflow test`, as main registers it. */
export const testCli = cliCommand('test', testOptions, testCommand)

/** The checks module for MODEL: `checks.ts` in the folder, beside the model file, or MODEL itself. */
function checksFile(path: string): string {
  const abs = resolve(path)
  if (!existsSync(abs)) throw new StockflowError(`${path}: no such file or folder`)
  const folder = statSync(abs).isDirectory() ? abs : dirname(abs)
  if (!statSync(abs).isDirectory() && /(^|[\\/])checks\.m?[jt]s$/.test(abs)) return abs
  const found = CHECK_FILES.map((f) => join(folder, f)).find((f) => existsSync(f))
  if (!found)
    throw new StockflowError(`${path}: no checks.ts beside the model; write one with defineChecks(model, [...])`)
  return found
}

async function loadSuite(file: string, shown: string): Promise<CheckSuite> {
  let mod: { default?: unknown }
  try {
    mod = await importModule(file, shown)
  } catch (err) {
    if (!isStockflowError(err)) throw err
    throw (await modelFailure(file)) ?? err
  }
  const suite = mod.default as Partial<CheckSuite> | undefined
  if (!suite || typeof suite !== 'object' || !Array.isArray(suite.checks) || !suite.model) {
    throw new StockflowError(
      `${shown}: the default export of ${file} is not a check suite; end it with \`export default defineChecks(model, [...])\``,
    )
  }
  return suite as CheckSuite
}

/**
 * Why the checks failed to load when the mistake is in a model they import: that model loaded alone, as
 * `run` loads it, fails with the file, line and column (a checks file's own stack has no position in
 * it). Undefined when no imported module fails at a known position.
 */
async function modelFailure(checks: string): Promise<Error | undefined> {
  for (const imported of relativeImports(checks)) {
    try {
      await loadModel(imported)
    } catch (err) {
      if (isStockflowError(err) && /^\S+:\d+:\d+: could not load/.test(err.message)) return err
    }
  }
  return undefined
}

const IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g
const SOURCE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs']

/** The files a checks module imports by a relative path (`./model.js` may be `model.ts` on disk). */
function relativeImports(checks: string): string[] {
  const folder = dirname(checks)
  const found = [...readFileSync(checks, 'utf8').matchAll(IMPORT)].map((m) => {
    const spec = resolve(folder, m[1]!)
    const stem = spec.replace(/\.[mc]?js$/, '')
    return [spec, ...SOURCE_EXTENSIONS.map((ext) => stem + ext)].find((f) => existsSync(f) && statSync(f).isFile())
  })
  return [...new Set(found.filter((f): f is string => f !== undefined))]
}

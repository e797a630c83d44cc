import { renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { StockflowError } from '@stockflow/model'

/**
 * Writes a file whole or not at all: to a temporary file beside it, then renamed over the target.
 * Refuses to write over any of `inputs`.
 */
export function writeWhole(path: string, text: string, inputs: readonly string[] = []): void {
  const target = resolve(path)
  if (inputs.some((i) => resolve(i) === target))
    throw new StockflowError(`${path}: refusing to overwrite an input file`)
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`)
  try {
    writeFileSync(temp, text)
    renameSync(temp, target)
  } catch (err) {
    try {
      unlinkSync(temp)
    } catch {
      // the temporary file was never created
    }
    throw new StockflowError(`${path}: could not write: ${err instanceof Error ? err.message : String(err)}`)
  }
}

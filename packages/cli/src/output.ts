import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { StockflowError } from '@stockflow/model'

/**
 * Writes a file whole or not at all: to a temporary file beside it, then renamed over the target.
 * The text may come in pieces (a large run's CSV, see csvChunks), written as they come. Refuses to
 * write over any of `inputs`.
 */
export function writeWhole(path: string, text: string | Iterable<string>, inputs: readonly string[] = []): void {
  const target = resolve(path)
  if (inputs.some((i) => resolve(i) === target))
    throw new StockflowError(`${path}: refusing to overwrite an input file`)
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`)
  let fd: number | undefined
  try {
    fd = openSync(temp, 'w')
    for (const piece of typeof text === 'string' ? [text] : text) writeSync(fd, piece)
    closeSync(fd)
    fd = undefined
    renameSync(temp, target)
  } catch (err) {
    if (fd !== undefined) closeSync(fd)
    try {
      unlinkSync(temp)
    } catch {
      // the temporary file was never created
    }
    if (err instanceof StockflowError) throw err
    throw new StockflowError(`${path}: could not write: ${err instanceof Error ? err.message : String(err)}`)
  }
}

import { closeSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
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
    // writeFileSync on a descriptor writes each piece whole (a full disk may write part of one).
    for (const piece of typeof text === 'string' ? [text] : text) writeFileSync(fd, piece)
    const open = fd
    fd = undefined
    closeSync(open)
    renameSync(temp, target)
  } catch (err) {
    try {
      if (fd !== undefined) closeSync(fd)
    } catch {
      // already closed or unusable: the temporary file is removed below all the same
    }
    try {
      unlinkSync(temp)
    } catch {
      // the temporary file was never created
    }
    if (err instanceof StockflowError) throw err
    throw new StockflowError(`${path}: could not write: ${err instanceof Error ? err.message : String(err)}`)
  }
}

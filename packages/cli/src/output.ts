import { closeSync, existsSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
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
    throw new StockflowError(`${path}: could not write: ${whyNot(err, path, temp)}`)
  }
}

/** Why a write failed, in the user's terms: the temporary file is ours, so it is never named. */
function whyNot(err: unknown, path: string, temp: string): string {
  const folder = dirname(path)
  const code = (err as { code?: unknown }).code
  if (code === 'ENOENT' && !existsSync(dirname(temp))) return `the folder ${folder} does not exist`
  if (code === 'ENOTDIR') return `${folder} is not a folder`
  if (code === 'EACCES' || code === 'EPERM') return `no permission to write in the folder ${folder}`
  return (err instanceof Error ? err.message : String(err)).split(temp).join(path)
}

import { randomBytes } from 'node:crypto'
import { closeSync, constants, existsSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { StockflowError } from '@stockflow/model'

/**
 * Writes a file whole or not at all: to a temporary file beside it, then renamed over the target.
 * The text may come in pieces (a large run's CSV, see csvChunks), written as they come, or be bytes (a
 * PNG). Refuses to write over any of `inputs`.
 */
export function writeWhole(
  path: string,
  text: string | Uint8Array | Iterable<string>,
  inputs: readonly string[] = [],
): void {
  const target = resolve(path)
  if (inputs.some((i) => resolve(i) === target))
    throw new StockflowError(`${path}: refusing to overwrite an input file`)
  // An unguessable name, created new and never through a link: a file or link planted beside the target
  // (say, a link to the model) makes the write fail instead of writing through it.
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`)
  let fd: number | undefined
  let created = false
  try {
    fd = openSync(temp, CREATE_NEW, 0o666)
    created = true
    // writeFileSync on a descriptor writes each piece whole (a full disk may write part of one).
    for (const piece of typeof text === 'string' || text instanceof Uint8Array ? [text] : text) writeFileSync(fd, piece)
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
      // Only a file this call created is removed (never one that was already there).
      if (created) unlinkSync(temp)
    } catch {
      // already renamed or removed
    }
    if (err instanceof StockflowError) throw err
    throw new StockflowError(`${path}: could not write: ${whyNot(err, path, temp)}`)
  }
}

/** Write-only, created by this open or failing (O_EXCL), not through a symbolic link where the platform can say so. */
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0)

/** Why a write failed, in the user's terms: the temporary file is ours, so it is never named. */
function whyNot(err: unknown, path: string, temp: string): string {
  const folder = dirname(path)
  const code = (err as { code?: unknown }).code
  if (code === 'ENOENT' && !existsSync(dirname(temp))) return `the folder ${folder} does not exist`
  if (code === 'ENOTDIR') return `${folder} is not a folder`
  if (code === 'EACCES' || code === 'EPERM') return `no permission to write in the folder ${folder}`
  return (err instanceof Error ? err.message : String(err)).split(temp).join(path)
}

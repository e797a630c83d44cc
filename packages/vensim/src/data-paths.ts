import { DataFileError } from './data-errors.js'

/**
 * The path of a data file a model names, checked and made canonical: relative to the model's folder,
 * segments joined with `/` (Vensim models written on Windows use `\`), `.` and empty segments dropped.
 * Pure (no `node:path`), so the CLI and the browser refuse the same paths.
 *
 * Refused, so that opening a model never reads a file outside its folder: absolute paths (`/x`, `\x`),
 * drive letters (`C:`), UNC and URL forms (`\\server`, `file://`), any `:` at all (Windows' alternate
 * streams), `..`, and segments of dots and spaces alone, which Windows trims into `..` or nothing.
 */
export function dataFilePath(file: string): string {
  const path = file.trim()
  if (path === '') throw new DataFileError('a data file call names no file: give the file name', file)
  const refuse = (): never => {
    throw new DataFileError(
      `data file "${file}" is outside the model's folder: data files must sit in the model's folder or below`,
      file,
    )
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(path)) refuse()
  if (path.startsWith('/') || path.startsWith('\\') || path.includes(':')) refuse()
  const segments: string[] = []
  for (const segment of path.split(/[\\/]+/)) {
    if (segment === '' || segment === '.') continue
    if (/^[. ]+$/.test(segment)) refuse()
    segments.push(segment)
  }
  if (segments.length === 0) refuse()
  return segments.join('/')
}

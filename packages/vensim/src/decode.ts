/**
 * The text of a `.mdl` file. Vensim marks UTF-8 files with a `{UTF-8}` first line; a file without it was
 * written in the machine's code page, read here as Windows-1252 (Latin-1 plus the printable 0x80-0x9F).
 */

const UTF8_HEADER = '{UTF-8}'

/** Whether the bytes start with a UTF-8 byte-order mark or with `{UTF-8}` (after white space). */
function declaresUtf8(bytes: Uint8Array): boolean {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return true
  let i = 0
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0d || bytes[i] === 0x0a)) i++
  for (let k = 0; k < UTF8_HEADER.length; k++) if (bytes[i + k] !== UTF8_HEADER.charCodeAt(k)) return false
  return true
}

/** A file's bytes (or its text, unchanged) as text; the byte-order mark dropped, the header kept. */
export function decodeMdl(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  return new TextDecoder(declaresUtf8(input) ? 'utf-8' : 'windows-1252').decode(input)
}

/** Where the model text starts: after white space and a `{UTF-8}` header, if there is one. */
export function afterHeader(text: string): number {
  let i = 0
  while (i < text.length && /\s/.test(text[i]!)) i++
  return text.startsWith(UTF8_HEADER, i) ? i + UTF8_HEADER.length : 0
}

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

/** Windows-1252's characters for the bytes 0x80-0x9F (0 where it has none: those stay as they are). */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
]

/** Windows-1252 by hand: Node's TextDecoder reads the label as ISO-8859-1 on some versions (0x80 is not €). */
function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = []
  const codes = new Uint16Array(Math.min(bytes.length, 8192))
  for (let start = 0; start < bytes.length; start += codes.length) {
    const n = Math.min(codes.length, bytes.length - start)
    for (let i = 0; i < n; i++) {
      const b = bytes[start + i]!
      codes[i] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] || b : b
    }
    chunks.push(String.fromCharCode(...codes.subarray(0, n)))
  }
  return chunks.join('')
}

/** A file's bytes (or its text, unchanged) as text; the byte-order mark dropped, the header kept. */
export function decodeMdl(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  return declaresUtf8(input) ? new TextDecoder('utf-8').decode(input) : decodeWindows1252(input)
}

/** Where the model text starts: after white space and a `{UTF-8}` header, if there is one. */
export function afterHeader(text: string): number {
  let i = 0
  while (i < text.length && /\s/.test(text[i]!)) i++
  return text.startsWith(UTF8_HEADER, i) ? i + UTF8_HEADER.length : 0
}

/** Text metrics without a DOM: width estimates and label wrapping for layout. */

/** East Asian wide characters (CJK, kana, Hangul, full-width forms) take about one em. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  )
}

/** Estimated width of `s` in a sans-serif font of `fontSize` px (0.56 em for narrow glyphs, 1 em wide). */
export function textWidth(s: string, fontSize: number): number {
  let em = 0
  for (const ch of s) {
    const code = ch.codePointAt(0)!
    if (isWide(code)) em += 1
    else if (/[ilj.,:;'|!()[\]]/.test(ch)) em += 0.3
    else if (/[MW@%]/.test(ch)) em += 0.85
    else if (/[A-Z]/.test(ch)) em += 0.66
    else em += 0.55
  }
  return em * fontSize
}

/**
 * Splits a label into lines of at most `maxWidth` px, breaking at spaces (or between wide characters);
 * a single word longer than that stays whole.
 */
export function wrapLabel(s: string, fontSize: number, maxWidth: number): string[] {
  const words = s.trim().split(/\s+/).flatMap(splitWide)
  const lines: string[] = []
  let line = ''
  for (const w of words) {
    const joined = line === '' ? w : joinWords(line, w)
    if (line !== '' && textWidth(joined, fontSize) > maxWidth) {
      lines.push(line)
      line = w
    } else line = joined
  }
  if (line !== '' || lines.length === 0) lines.push(line)
  return lines
}

/** Wide characters may break anywhere; each becomes a word of its own. */
function splitWide(word: string): string[] {
  if (![...word].some((c) => isWide(c.codePointAt(0)!))) return [word]
  return [...word]
}

function joinWords(line: string, w: string): string {
  const last = line.codePointAt(line.length - 1) ?? 0
  return isWide(last) || isWide(w.codePointAt(0) ?? 0) ? line + w : `${line} ${w}`
}

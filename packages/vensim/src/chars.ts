/** Character classes of Vensim names and numbers, on UTF-16 code units. */

/** Letters, `_`, and every non-ASCII character but the no-break space: Vensim names are Unicode. */
export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 0x80 && c !== 0xa0 && c !== 0xfeff)
}

/** Inside a name also digits and `$ ' & %` (`Modeler's choice`, `cost in $`). */
export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 36 || c === 39 || c === 38 || c === 37
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/** Space and tab: the white space that may sit inside a name or a line. */
export function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0
}

export function isNewline(c: number): boolean {
  return c === 10 || c === 13
}

/**
 * Where a line continuation starting at `i` ends: a `\` at the end of a line (blanks may follow it),
 * the line break, and the tabs that indent the next line. Vensim wraps long lines so (`\`, break, two
 * tabs) at any point, even inside names and numbers, and the text goes on as it was: the continuation
 * reads as nothing, and a space after the tabs is the text's own. -1 when `i` holds no continuation.
 */
export function continuationEnd(text: string, i: number, end: number): number {
  if (text.charCodeAt(i) !== 92) return -1
  let k = i + 1
  while (k < end && isBlank(text.charCodeAt(k))) k++
  const c = text.charCodeAt(k)
  if (c === 13) k += text.charCodeAt(k + 1) === 10 ? 2 : 1
  else if (c === 10) k++
  else return -1
  while (k < end && text.charCodeAt(k) === 9) k++
  return k
}

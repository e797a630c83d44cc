import type { MdlFile, MdlProblem } from './ast.js'
import type { Source } from './source.js'

const SKETCH_START = '---///'
const SKETCH_END = '///---\\'

/**
 * Where the sketch starts: the first line that begins with `\\\---///` (Vensim writes one per view;
 * hand-written files have been seen with two backslashes). -1 when the file has no sketch.
 */
export function sketchStart(text: string, from: number): number {
  for (let i = text.indexOf(SKETCH_START, from); i >= 0; i = text.indexOf(SKETCH_START, i + 1)) {
    let k = i
    while (k > from && text.charCodeAt(k - 1) === 92) k--
    if (i - k < 2) continue
    let b = k
    while (b > from && (text.charCodeAt(b - 1) === 32 || text.charCodeAt(b - 1) === 9)) b--
    if (b === from || text.charCodeAt(b - 1) === 10 || text.charCodeAt(b - 1) === 13) return k
  }
  return -1
}

/** The offset of the line after the one holding `i`. */
function nextLine(text: string, i: number): number {
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++
  if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) return i + 2
  return Math.min(text.length, i + 1)
}

/**
 * The sketch (every view, from the first marker to `///---\\\`) and the settings after it. A sketch with
 * views but no end marker is a file cut short; a bare marker line with nothing after it is not (some
 * hand-written files end so).
 */
export function sketchAndSettings(
  src: Source,
  start: number,
  problems: MdlProblem[],
): Pick<MdlFile, 'sketch' | 'settings'> {
  const { text } = src
  const end = text.indexOf(SKETCH_END, start)
  if (end < 0) {
    if (text.slice(nextLine(text, start)).trim() !== '')
      problems.push({
        pos: src.pos(start),
        message: 'the sketch has no end marker ///---\\\\\\: is the file cut short?',
      })
    return { sketch: { text: text.slice(start), line: src.line(start) } }
  }
  const settings = nextLine(text, end)
  return {
    sketch: { text: text.slice(start, end), line: src.line(start) },
    settings: { text: text.slice(settings), line: src.line(settings) },
  }
}

/**
 * A group marker, from its first `*` through its `|`: `****\n.Name\n****~ comment |`. The name is what
 * follows the dot (`Agriculture.Loop1` for `.Agriculture.Loop1`). `next` is -1 when no `|` closes it.
 */
export function readGroup(text: string, start: number, end: number): { name: string | undefined; next: number } {
  const bar = text.indexOf('|', start)
  const close = bar >= 0 && bar < end ? bar : end
  // The `~` is looked for within the marker only: a search past it would make many markers quadratic.
  const marker = text.slice(start, close)
  const tilde = marker.indexOf('~')
  const name = (tilde >= 0 ? marker.slice(0, tilde) : marker)
    .replace(/\*/g, ' ')
    .replace(/\\[ \t]*(\r\n|\n|\r)\t*/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\./, '')
  return { name: name === '' ? undefined : name, next: close === end ? -1 : close + 1 }
}

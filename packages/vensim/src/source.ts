import type { Pos } from './ast.js'

/**
 * The text being parsed, and positions in it. Lines start after `\n`, `\r\n` or a bare `\r` (all three
 * occur in real files); offsets count UTF-16 code units of the decoded text.
 */
export class Source {
  private readonly lineStarts: number[] = [0]
  /** The line of the last lookup: parsing asks in file order, so most lookups hit it or the next one. */
  private lastLine = 0

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 10) this.lineStarts.push(i + 1)
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++
        this.lineStarts.push(i + 1)
      }
    }
  }

  /** The 0-based index of the line holding `offset`. */
  private lineIndex(offset: number): number {
    const starts = this.lineStarts
    let line = this.lastLine
    if (starts[line]! <= offset && (line + 1 >= starts.length || starts[line + 1]! > offset)) return line
    if (line + 2 < starts.length && starts[line + 1]! <= offset && starts[line + 2]! > offset) return line + 1
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    line = lo
    return line
  }

  /** The line and column (both 1-based) of a 0-based offset. */
  pos(offset: number): Pos {
    const line = this.lineIndex(offset)
    this.lastLine = line
    return { line: line + 1, column: offset - this.lineStarts[line]! + 1, offset }
  }

  /** The 1-based line of an offset. */
  line(offset: number): number {
    return this.pos(offset).line
  }
}

import type { MdlProblem, Pos } from './ast.js'
import { type ChangesToken, tokenizeChanges } from './changes-tokens.js'

/**
 * One change of a changes file: a constant's new value, a list of values for an arrayed constant
 * (rows split at `;`), or a lookup's new points. Names are as written (runs of blanks read as one);
 * Vensim matches them to the model's variables ignoring case, with `_` and a space alike.
 */
export type VensimChange =
  | {
      readonly kind: 'constant'
      readonly name: string
      /** `name[sub, ...]`: the elements changed; empty for a scalar. */
      readonly subscripts: readonly string[]
      readonly value: number
      readonly pos: Pos
    }
  | {
      readonly kind: 'list'
      readonly name: string
      readonly subscripts: readonly string[]
      readonly rows: readonly (readonly number[])[]
      readonly pos: Pos
    }
  | {
      readonly kind: 'lookup'
      readonly name: string
      readonly subscripts: readonly string[]
      readonly table: { readonly x: readonly number[]; readonly y: readonly number[] }
      readonly pos: Pos
    }

/** A changes file read: its changes in file order (a later one overrides an earlier one), and its problems. */
export interface ChangesFile {
  readonly changes: readonly VensimChange[]
  /** One per entry that is not a change Vensim's format allows; report them with `MdlError(file, problems)`. */
  readonly problems: readonly MdlProblem[]
}

/**
 * Reads a Vensim changes file (`.cin`, "constant input"), the scenarios beside a model such as World3's
 * `W303S02.CIN`. What Vensim's format allows, one entry after another (line breaks do not matter):
 *
 * - `name = 2e12`, also with `:=` or `==`, and `name[sub] = 5` for elements of an array;
 * - `name[sub] = 3, 2, 7` (or rows `1, 2; 3, 4;`), a list for an arrayed constant;
 * - `name( (0,0), (1,.5), (2,1) )`, a lookup's points, with an optional `[(xmin,ymin)-(xmax,ymax)]` range
 *   first, or `name( 1,2,3, 0,5,9 )`, the x values then the y values (the old DYNAMO form);
 * - `0 <= name = .015 <= .1`, the line of an optimization control file: the bounds are left out;
 * - `{ comments }` anywhere.
 *
 * A string variable (`name :IS: 'text'`) or anything else is a problem naming its line and column.
 */
export function parseChanges(text: string): ChangesFile {
  const tokens = tokenizeChanges(text)
  const changes: VensimChange[] = []
  const problems: MdlProblem[] = []
  let i = 0
  const peek = (k = 0): ChangesToken | undefined => tokens[i + k]
  const isPunct = (tok: ChangesToken | undefined, text: string): boolean => tok?.t === 'punct' && tok.text === text

  class Problem {
    constructor(
      readonly message: string,
      readonly pos: Pos,
      readonly variable?: string,
    ) {}
  }
  const endPos = (): Pos => {
    const last = tokens[tokens.length - 1]
    return last ? last.pos : { line: 1, column: 1, offset: 0 }
  }
  const fail = (message: string, at: ChangesToken | undefined, variable?: string): never => {
    // An unreadable token (an unclosed comment or quote) is the problem, whatever was expected there.
    if (at?.t === 'error') throw new Problem(at.message, at.pos)
    throw new Problem(at ? message : `${message} (the file ends first)`, at ? at.pos : endPos(), variable)
  }
  const expect = (text: string, what: string, variable: string): void => {
    const tok = peek()
    if (!isPunct(tok, text)) fail(`expected "${text}" ${what}${tok ? `, not ${quoted(tok)}` : ''}`, tok, variable)
    i++
  }
  const signedNumber = (variable: string): number => {
    let sign = 1
    while (isPunct(peek(), '-') || isPunct(peek(), '+')) {
      if (isPunct(peek(), '-')) sign = -sign
      i++
    }
    const tok = peek()
    if (tok?.t !== 'num') return fail(`expected a number${tok ? `, not ${quoted(tok)}` : ''}`, tok, variable)
    i++
    return sign * tok.value
  }

  const entry = (): void => {
    const start = peek()!
    if (start.t === 'error') fail(start.message, start)
    // An optimization control line starts with its lower bound: `0 <= name = value <= max`.
    if (start.t === 'num' || isPunct(start, '-') || isPunct(start, '+')) {
      signedNumber('')
      expect('<=', 'after a lower bound (as in "0 <= name = 1 <= 2")', '')
    }
    const nameTok = peek()
    if (nameTok?.t !== 'name') return fail('expected the name of a constant or lookup to change', nameTok)
    const name = nameTok.text
    i++
    const subscripts: string[] = []
    if (isPunct(peek(), '[')) {
      i++
      for (;;) {
        const sub = peek()
        // A numbered range's element is written bare (`Age: 1, 2, 3`, so `weight[2]`).
        const numbered = sub?.t === 'num' && /^\d+$/.test(sub.text)
        if (sub?.t !== 'name' && !numbered) fail('expected a subscript name inside "[...]"', sub, name)
        subscripts.push((sub as { text: string }).text)
        i++
        if (isPunct(peek(), ']')) break
        expect(',', 'between subscripts', name)
      }
      i++
    }
    const pos = start.pos
    const op = peek()
    if (isPunct(op, '=') || isPunct(op, ':=') || isPunct(op, '==')) {
      i++
      const rows: number[][] = [[signedNumber(name)]]
      for (;;) {
        if (isPunct(peek(), ',')) {
          i++
          rows[rows.length - 1]!.push(signedNumber(name))
        } else if (isPunct(peek(), ';')) {
          i++
          const next = peek()
          if (next?.t === 'num' || isPunct(next, '-') || isPunct(next, '+')) rows.push([signedNumber(name)])
          else break
        } else break
      }
      // The upper bound of an optimization control line.
      if (isPunct(peek(), '<=')) {
        i++
        signedNumber(name)
      }
      if (rows.length === 1 && rows[0]!.length === 1)
        changes.push({ kind: 'constant', name, subscripts, value: rows[0]![0]!, pos })
      else changes.push({ kind: 'list', name, subscripts, rows, pos })
      return
    }
    if (isPunct(op, '(')) {
      i++
      changes.push({ kind: 'lookup', name, subscripts, table: lookupTable(name), pos })
      return
    }
    if (isPunct(op, ':IS:')) {
      fail('a string variable cannot be changed: stockflow has none; remove this line', op, name)
    }
    fail('expected "=" and a value, or "(" and a lookup\'s points, after the name', op, name)
  }

  // After the "(" that opens a lookup: its points, then ")".
  const lookupTable = (name: string): { x: number[]; y: number[] } => {
    if (isPunct(peek(), '[')) {
      // The range Vensim keeps for its editor, [(xmin,ymin)-(xmax,ymax)] and any reference points: skipped.
      while (peek() && !isPunct(peek(), ']')) i++
      expect(']', 'to close the range of a lookup', name)
      if (isPunct(peek(), ',')) i++
    }
    const x: number[] = []
    const y: number[] = []
    const at: ChangesToken[] = []
    if (isPunct(peek(), '(')) {
      for (;;) {
        expect('(', 'to open a point (x, y)', name)
        at.push(peek()!)
        x.push(signedNumber(name))
        expect(',', 'between the x and y of a point', name)
        y.push(signedNumber(name))
        expect(')', 'to close a point (x, y)', name)
        if (!isPunct(peek(), ',')) break
        i++
      }
    } else {
      at.push(peek()!)
      const flat = [signedNumber(name)]
      while (isPunct(peek(), ',')) {
        i++
        at.push(peek()!)
        flat.push(signedNumber(name))
      }
      if (flat.length % 2 !== 0) {
        fail(
          `a lookup written as x values then y values needs as many of each; it has ${flat.length} numbers`,
          peek(),
          name,
        )
      }
      x.push(...flat.slice(0, flat.length / 2))
      y.push(...flat.slice(flat.length / 2))
    }
    expect(')', "to close the lookup's points", name)
    for (let k = 1; k < x.length; k++) {
      if (x[k]! <= x[k - 1]!) fail(`the lookup's x values must increase; ${x[k]} follows ${x[k - 1]}`, at[k], name)
    }
    return { x, y }
  }

  while (i < tokens.length) {
    const before = i
    try {
      entry()
    } catch (err) {
      if (!(err instanceof Problem)) throw err
      problems.push(
        err.variable
          ? { pos: err.pos, variable: err.variable, message: err.message }
          : { pos: err.pos, message: err.message },
      )
      // Resume at the next entry: the first name (or bound) starting a line after the problem's, or the
      // offending token itself when it starts a later line than the entry did (`a =` then `b = 1`).
      const at = i
      const entryLine = tokens[before]!.pos.line
      i = Math.max(i, before + 1)
      while (i < tokens.length) {
        const line = tokens[i]!.pos.line
        if (startsEntry(tokens, i) && (line > err.pos.line || (i === at && line > entryLine))) break
        i++
      }
    }
  }
  return { changes, problems }
}

/** Whether token i starts a line and looks like an entry's start: a name, or an optimization line's bound. */
function startsEntry(tokens: readonly ChangesToken[], i: number): boolean {
  const tok = tokens[i]!
  if (i > 0 && tokens[i - 1]!.pos.line === tok.pos.line) return false
  if (tok.t === 'name') return true
  const next = tokens[i + 1]
  return tok.t === 'num' && next?.t === 'punct' && next.text === '<='
}

/** A token as a message quotes it. */
function quoted(tok: ChangesToken): string {
  switch (tok.t) {
    case 'num':
      return tok.text
    case 'string':
      return `'${tok.text}'`
    case 'error':
      return 'an unreadable part'
    default:
      return `"${tok.text}"`
  }
}

/** A changes file beside a model, offered as one of its scenarios. */
export interface ScenarioFile {
  /** The file's name as listed. */
  readonly file: string
  /** Its name without the extension: `W303S02` for `W303S02.CIN`. */
  readonly scenario: string
}

/**
 * The changes files among the names of the files beside a model (`.cin`, any case), as scenario
 * candidates, in natural order (`S2` before `S10`). Pure: the caller lists the folder (or the dropped
 * files); names with a folder in them are not beside the model and are left out.
 */
export function scenarioFiles(fileNames: readonly string[]): ScenarioFile[] {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
  return fileNames
    .filter((f) => /\.cin$/i.test(f) && !/[\\/]/.test(f) && f.length > 4)
    .map((file) => ({ file, scenario: file.slice(0, -4) }))
    .sort((a, b) => collator.compare(a.file, b.file))
}

/**
 * One line of a Vensim sketch read into an object: `10` a variable (a word: stock, auxiliary, a flow's
 * name, or a shadow of one), `11` a valve, `12` a comment (clouds are comments), `1` an arrow (a
 * connector, or a flow's pipe when it leaves a valve for a stock or a cloud). Other types (images,
 * buttons) are left out. Positions are centres; widths and heights are half sizes, as Vensim keeps them.
 */

/** A variable, valve or comment: `type,id,name,x,y,w,h,shape,bits,...`. */
export interface SketchWord {
  readonly t: 'variable' | 'valve' | 'comment'
  readonly uid: number
  /** The name (unquoted, `\"` read as `"`); for a valve or a cloud, a number Vensim keeps there. */
  readonly name: string
  /** The name as written, quotes and escapes kept. */
  readonly raw: string
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
  readonly shape: number
  readonly bits: number
  /** 1-based line of the object. */
  readonly line: number
}

/** An arrow: `1,id,from,to,shape,hid,pol,thick,hasf,dtype,res,color,font,np|(x,y)|...`. */
export interface SketchArrow {
  readonly t: 'arrow'
  readonly uid: number
  readonly from: number
  readonly to: number
  readonly shape: number
  /** The ASCII code of the polarity mark (`+` 43, `-` 45, `S`, `O`), 0 for none. */
  readonly polarity: number
  /** Above 20, the double line of a flow's pipe. */
  readonly thickness: number
  readonly points: readonly (readonly [number, number])[]
  readonly line: number
}

export type SketchObject = SketchWord | SketchArrow

/** What a line gave: an object, a line to skip (an unknown type), or what is wrong with it and where. */
export type LineResult =
  | { readonly ok: SketchObject; readonly textFollows: boolean }
  | { readonly skip: true }
  | { readonly error: string; readonly column: number; readonly name?: string }

interface Field {
  readonly text: string
  /** The value: quotes removed and escapes read for a quoted field. */
  readonly value: string
  /** 0-based column where the field starts. */
  readonly at: number
}

/** Splits at commas; a field starting with `"` runs to its closing quote (`\"` escapes one). */
export function splitFields(line: string): Field[] {
  const out: Field[] = []
  let i = 0
  for (;;) {
    const start = i
    if (line[i] === '"') {
      let value = ''
      i++
      while (i < line.length && line[i] !== '"') {
        // Only `\"` is an escape, as in the equations: any other backslash is part of the name.
        if (line[i] === '\\' && line[i + 1] === '"') i++
        value += line[i]
        i++
      }
      i = Math.min(i + 1, line.length)
      const end = line.indexOf(',', i)
      const stop = end < 0 ? line.length : end
      out.push({ text: line.slice(start, stop), value: value + line.slice(i, stop), at: start })
      if (end < 0) return out
      i = end + 1
    } else {
      const end = line.indexOf(',', i)
      const stop = end < 0 ? line.length : end
      out.push({ text: line.slice(start, stop), value: line.slice(start, stop), at: start })
      if (end < 0) return out
      i = end + 1
    }
  }
}

const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/

/** The numbers of an arrow's point list at the end of its line: `np|(x,y)|(x,y)|`. */
const POINT_LIST = /,\s*(\d+)\|((?:\(\s*-?[\d.]+\s*,\s*-?[\d.]+\s*\)\|?)*)\s*$/
const POINT = /\(\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*\)/g

const WORD_TYPES: Record<string, SketchWord['t']> = { '10': 'variable', '11': 'valve', '12': 'comment' }

/** Reads one object line (it starts with `type,`); `line` is its 1-based number in the file. */
export function readObjectLine(text: string, line: number): LineResult {
  const type = text.slice(0, text.indexOf(',')).trim()
  if (type === '1') return readArrow(text, line)
  const t = WORD_TYPES[type]
  if (t === undefined) return { skip: true }
  const fields = splitFields(text)
  const name = fields[2]?.value ?? ''
  const label = t === 'variable' ? 'a variable' : t === 'valve' ? 'a valve' : 'a comment'
  if (fields.length < 9)
    return {
      error: `${label} needs at least 9 fields (type,id,name,x,y,width,height,shape,bits); this line has ${fields.length}`,
      column: text.length,
      ...(t === 'variable' ? { name } : {}),
    }
  const numbers: number[] = []
  const labels = ['id', '', '', 'x', 'y', 'width', 'height', 'shape', 'bits']
  for (const k of [1, 3, 4, 5, 6, 7, 8]) {
    const f = fields[k]!
    if (!NUMBER.test(f.text))
      return {
        error: `${label}'s ${labels[k]} "${f.text}" is not a number`,
        column: f.at,
        ...(t === 'variable' ? { name } : {}),
      }
    numbers[k] = Number(f.text)
  }
  // A variable hidden in Vensim's diagram (its hide level, the field after bits) is not drawn there.
  if (t === 'variable' && Number(fields[9]?.text ?? 0) > 0) return { skip: true }
  const word: SketchWord = {
    t,
    uid: numbers[1]!,
    name,
    raw: fields[2]!.text,
    x: numbers[3]!,
    y: numbers[4]!,
    w: numbers[5]!,
    h: numbers[6]!,
    shape: numbers[7]!,
    bits: numbers[8]!,
    line,
  }
  // A comment with bit 2 of its bits keeps its text on the next line.
  return { ok: word, textFollows: t === 'comment' && (word.bits & 4) !== 0 }
}

function readArrow(text: string, line: number): LineResult {
  const tail = POINT_LIST.exec(text)
  if (!tail) return { error: 'an arrow must end with its point list (`1|(x,y)|`)', column: text.length }
  const fields = splitFields(text.slice(0, tail.index))
  if (fields.length < 8)
    return {
      error: `an arrow needs at least 8 fields before its points (type,id,from,to,shape,hidden,polarity,thickness); this line has ${fields.length}`,
      column: tail.index,
    }
  const labels = ['', 'id', 'from', 'to', 'shape', 'hidden', 'polarity', 'thickness']
  const numbers: number[] = []
  for (const k of [1, 2, 3, 4, 6, 7]) {
    const f = fields[k]!
    if (!NUMBER.test(f.text)) return { error: `an arrow's ${labels[k]} "${f.text}" is not a number`, column: f.at }
    numbers[k] = Number(f.text)
  }
  // A hidden arrow (Vensim's hide level) is not drawn either.
  if (Number(fields[5]?.text ?? 0) > 0) return { skip: true }
  const points: [number, number][] = []
  for (const m of tail[2]!.matchAll(POINT)) points.push([Number(m[1]), Number(m[2])])
  if (points.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y)))
    return { error: `an arrow's point list "${tail[2]}" holds something that is not a number`, column: tail.index + 1 }
  return {
    ok: {
      t: 'arrow',
      uid: numbers[1]!,
      from: numbers[2]!,
      to: numbers[3]!,
      shape: numbers[4]!,
      polarity: numbers[6]!,
      thickness: numbers[7]!,
      points,
      line,
    },
    textFollows: false,
  }
}

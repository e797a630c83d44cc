import { canonicalId } from './id.js'

/**
 * A unit as the modeler declared it, reduced to named factors with powers: `money*year/units` is
 * `{ money: 1, year: 1, units: -1 }`, keyed by canonical unit name. An empty map is dimensionless.
 */
export type UnitFactors = ReadonlyMap<string, number>

/** Unit text that cannot be read; `at` is the character offset where reading stopped. */
export class UnitSyntaxError extends Error {
  constructor(
    message: string,
    readonly text: string,
    readonly at: number,
    readonly hint: string,
  ) {
    super(message)
    this.name = 'UnitSyntaxError'
  }
}

/** Words that mean "no units" (Vensim writes `Dmnl`; shares and percentages have no dimension either). */
const DIMENSIONLESS: ReadonlySet<string> = new Set(['dmnl', 'dimensionless', 'unitless', 'fraction', 'percent', '%'])

/**
 * Time words that differ only by a plural `s` are one unit, as in Vensim's default synonyms, because
 * models mix `Month` and `Months` all the time. No other synonyms: `person` and `people` stay apart.
 */
const TIME_PLURALS: Readonly<Record<string, string>> = {
  seconds: 'second',
  minutes: 'minute',
  hours: 'hour',
  days: 'day',
  weeks: 'week',
  months: 'month',
  quarters: 'quarter',
  years: 'year',
}

/**
 * The key a unit name is compared by: case, spaces and underscores do not matter (`Year`, `year` and
 * `YEAR` are one unit; `cubic meters` is `cubic_meters`), time plurals fold to the singular.
 */
export function canonicalUnitName(name: string): string {
  const id = canonicalId(name)
  return TIME_PLURALS[id] ?? id
}

/** True for unit text that declares nothing: missing or blank. */
export function isBlankUnits(text: string | undefined): boolean {
  return typeof text !== 'string' || text.trim() === ''
}

type Token =
  | { readonly kind: 'name'; readonly text: string; readonly at: number; readonly end: number }
  | { readonly kind: 'number'; readonly value: number; readonly at: number; readonly end: number }
  | {
      readonly kind: 'op'
      readonly op: '*' | '/' | '^' | '(' | ')' | '-' | '+'
      readonly at: number
      readonly end: number
    }

/** Characters a unit name may hold besides letters and digits: `$`, `%`, `°`, `'`, `.`, `-`, `_`. */
const NAME_CHAR = /[\p{L}\p{N}\p{Sc}_%°'.-]/u

/**
 * Reads SD unit text into factors. Accepts `*`, `/` and the word `per`, `^` with an integer or
 * fractional power (`year^-1`, `m^(1/2)`), parentheses, `1` for dimensionless (`1/year`), and the words
 * `dmnl`, `dimensionless`, `unitless`, `fraction`, `percent`. A name may have several words
 * (`cubic meters/year`). Division is left-associative: `units/year/year` is `units/year^2`.
 * Throws a UnitSyntaxError naming the position. `spellings`, when given, collects how each name was
 * first written (`degF` for the key `degf`), for messages.
 */
export function parseUnits(text: string, spellings?: Map<string, string>): UnitFactors {
  return new UnitReader(text, spellings).run()
}

class UnitReader {
  private readonly tokens: Token[]
  private pos = 0

  constructor(
    private readonly text: string,
    private readonly spellings?: Map<string, string>,
  ) {
    this.tokens = tokenize(text)
  }

  run(): UnitFactors {
    if (this.tokens.length === 0)
      this.fail(0, 'the units are blank', "write a unit such as 'people/year', or '1' for dimensionless")
    const factors = this.product()
    const next = this.peek()
    if (next) {
      const what = next.kind === 'op' && next.op === ')' ? 'a ) with no ( before it' : `"${this.slice(next)}"`
      this.fail(next.at, `unexpected ${what}`, 'join unit names with * or /, e.g. people/year')
    }
    return factors
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos]
  }

  private slice(t: Token): string {
    return this.text.slice(t.at, t.end)
  }

  private fail(at: number, message: string, hint: string): never {
    throw new UnitSyntaxError(message, this.text, at, hint)
  }

  /** factor (('*' | '/' | 'per') factor)* */
  private product(): Map<string, number> {
    const out = this.power()
    for (;;) {
      const t = this.peek()
      const divide = t?.kind === 'op' ? t.op === '/' : t?.kind === 'name' && t.text.toLowerCase() === 'per'
      if (!t || !(divide || (t.kind === 'op' && t.op === '*'))) return out
      this.pos++
      if (!this.peek())
        this.fail(this.text.length, `the units end after "${this.slice(t)}"`, 'write the unit that follows it')
      combine(out, this.power(), divide ? -1 : 1)
    }
  }

  /** atom ('^' exponent)? */
  private power(): Map<string, number> {
    const base = this.atom()
    const t = this.peek()
    if (t?.kind !== 'op' || t.op !== '^') return base
    this.pos++
    const p = this.exponent()
    const out = new Map<string, number>()
    combine(out, base, p)
    return out
  }

  private atom(): Map<string, number> {
    const t = this.peek()
    if (!t) return this.fail(this.text.length, 'a unit is missing at the end', 'write a unit name')
    this.pos++
    if (t.kind === 'name') {
      if (t.text.toLowerCase() === 'per') this.fail(t.at, '"per" has no unit before it', 'write e.g. people per year')
      const key = canonicalUnitName(t.text)
      if (this.spellings && !this.spellings.has(key)) this.spellings.set(key, t.text)
      return DIMENSIONLESS.has(key) ? new Map() : new Map([[key, 1]])
    }
    if (t.kind === 'number') {
      if (t.value !== 1)
        this.fail(t.at, `the number ${this.slice(t)} cannot be a unit`, "only 1 may stand for a unit, as in '1/year'")
      return new Map()
    }
    if (t.op === '(') {
      const inner = this.product()
      const close = this.peek()
      if (close?.kind !== 'op' || close.op !== ')')
        this.fail(close?.at ?? this.text.length, 'a ( is not closed', 'add the missing )')
      this.pos++
      return inner
    }
    return this.fail(t.at, `"${this.slice(t)}" cannot start a unit`, 'start with a unit name, 1 or (')
  }

  /** A power: a signed number, or a signed number or fraction in parentheses (`^-1`, `^(1/2)`). */
  private exponent(): number {
    const paren = this.peek()
    if (paren?.kind === 'op' && paren.op === '(') {
      this.pos++
      let p = this.signedNumber()
      const slash = this.peek()
      if (slash?.kind === 'op' && slash.op === '/') {
        this.pos++
        const q = this.signedNumber()
        if (q === 0) this.fail(slash.at, 'the power divides by zero', 'write a power such as 2 or (1/2)')
        p /= q
      }
      const close = this.peek()
      if (close?.kind !== 'op' || close.op !== ')')
        this.fail(close?.at ?? this.text.length, 'the power in ( ) is not closed', 'write e.g. ^(1/2)')
      this.pos++
      return p
    }
    return this.signedNumber()
  }

  private signedNumber(): number {
    let sign = 1
    const s = this.peek()
    if (s?.kind === 'op' && (s.op === '-' || s.op === '+')) {
      this.pos++
      if (s.op === '-') sign = -1
    }
    const n = this.peek()
    if (n?.kind !== 'number')
      this.fail(n?.at ?? this.text.length, `"^" must be followed by a number`, 'write a power such as ^2 or ^-1')
    this.pos++
    return sign * n.value
  }
}

/** Adds `factors` raised to `power` into `into`, dropping names whose powers cancel. */
function combine(into: Map<string, number>, factors: ReadonlyMap<string, number>, power: number): void {
  for (const [name, p] of factors) {
    const sum = (into.get(name) ?? 0) + p * power
    if (Math.abs(sum) < 1e-12) into.delete(name)
    else into.set(name, sum)
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  const word = (from: number): number => {
    let k = from
    while (k < text.length && NAME_CHAR.test(text[k]!)) k++
    return k
  }
  const isNumber = (w: string) => /^(?:\d+\.?\d*|\.\d+)$/.test(w)
  const isPer = (w: string) => w.toLowerCase() === 'per'
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    // A sign is an operator only where a power is being written (`year^-1`); elsewhere it is part of a name.
    if ('*/^()'.includes(c) || ((c === '-' || c === '+') && tokens.at(-1)?.kind === 'op')) {
      tokens.push({ kind: 'op', op: c as '*', at: i, end: i + 1 })
      i++
      continue
    }
    if (!NAME_CHAR.test(c))
      throw new UnitSyntaxError(
        `the character "${c}" cannot be part of a unit`,
        text,
        i,
        c === '['
          ? 'a Vensim range [min, max] belongs in min and max, not in the units'
          : 'use unit names, *, /, per, ^, parentheses and 1',
      )
    let end = word(i)
    const first = text.slice(i, end)
    if (isNumber(first)) {
      tokens.push({ kind: 'number', value: Number(first), at: i, end })
      i = end
      continue
    }
    // A name runs over words separated by spaces, up to an operator, a number or the word `per`.
    while (!isPer(first)) {
      let j = end
      while (j < text.length && /\s/.test(text[j]!)) j++
      const k = word(j)
      const next = text.slice(j, k)
      if (j === end || k === j || isPer(next) || isNumber(next)) break
      end = k
    }
    tokens.push({ kind: 'name', text: text.slice(i, end), at: i, end })
    i = end
  }
  return tokens
}

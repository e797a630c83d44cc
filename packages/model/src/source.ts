import { walk } from './ast.js'
import type { Expr } from './ast.js'
import { findBuiltin } from './builtins.js'
import { aux, flow, lookup, param, stock } from './dsl.js'
import type { ElementOptions } from './dsl.js'
import { formatNumber, quoteName } from './equation.js'
import type { Equation } from './equation.js'
import type { VarId } from './id.js'
import { parseEquation } from './parse.js'
import type { Element, Flow, GraphicalFunction, Model, Stock } from './types.js'

// A model written back as typed DSL source: one `const` per element, equations as `eq` templates over
// handles, everything else as data. Model text only ever enters the source through jsString and
// templateText, so a hostile name or equation cannot break out of a literal.

const WIDTH = 120
const DSL_NAMES = ['aux', 'eq', 'flow', 'lookup', 'model', 'param', 'stock'] as const

/**
 * The model as TypeScript source in the typed DSL (`export default model(...)`), which compiles under
 * a strict tsconfig and builds the same model: same elements, equations, scenarios, loops and views.
 */
export function modelToSource(model: Model): string {
  return new SourceWriter(model).write()
}

/** Part of an equation template: literal text, or a reference to an element (`literal` when not yet declared). */
type Part = string | { readonly ref: VarId; readonly literal: string }

/** A stock or flow value: a number literal, or an `eq` template. */
type Formula = { readonly value: number } | { readonly parts: readonly Part[] }

/** Layout tree: an atom, or a bracketed list that may break across lines. */
type Code = string | Group
interface Group {
  readonly open: string
  readonly items: readonly Code[]
  readonly close: string
  /** Objects get spaces inside their braces when flat. */
  readonly padded: boolean
}

interface Declaration {
  readonly element: Element
  readonly ident: string
  readonly deps: Set<VarId>
  /** Renders `stock('Name', {...})` given the elements already declared. */
  readonly render: (declared: ReadonlySet<VarId>) => Code
}

class SourceWriter {
  private readonly byId = new Map<VarId, Element>()
  private readonly idents = new Map<VarId, string>()
  private readonly used = new Set<string>(DSL_NAMES)
  private readonly imports = new Set<string>(['model'])
  /** Stocks whose inflow and outflow lists `model()` rebuilds from the flows' `from`/`to`. */
  private readonly derived = new Set<VarId>()
  private readonly from = new Map<VarId, VarId>()
  private readonly to = new Map<VarId, VarId>()

  private readonly sources = new Map<VarId, VarId[]>()
  private readonly sinks = new Map<VarId, VarId[]>()
  private readonly identOf: string[]

  constructor(private readonly model: Model) {
    for (const e of model.elements) if (!this.byId.has(e.id)) this.byId.set(e.id, e)
    this.identOf = model.elements.map((e) => this.ident(e))
    this.wireFlows()
  }

  write(): string {
    let decls: Declaration[]
    let ordered: Declaration[]
    for (;;) {
      decls = this.model.elements.map((e, index) => this.declaration(e, index))
      ordered = order(decls)
      // A flow can name its stock only once the stock is declared. Where an initial value needs the
      // flow first, that stock keeps explicit flow lists instead, and the order is worked out again.
      const at = new Map(ordered.map((d, i) => [d.element.id, i]))
      const late = ordered.flatMap((d, i) =>
        [this.from.get(d.element.id), this.to.get(d.element.id)].filter((s) => s !== undefined && at.get(s)! > i),
      )
      if (late.length === 0) break
      for (const s of late) this.derived.delete(s!)
      this.assignEnds()
    }
    const lines: string[] = []
    const declared = new Set<VarId>()
    for (const d of ordered) {
      lines.push(layout(`const ${d.ident} = `, d.render(declared), '', 0))
      declared.add(d.element.id)
    }
    const spec: [string, unknown][] = []
    if (this.model.doc !== undefined) spec.push(['doc', this.model.doc])
    spec.push(['time', this.model.time])
    const body: Code[] = spec.map(([k, v]) => prop(k, data(v)))
    const idents = decls.map((d) => d.ident)
    body.push(prop('elements', group('[', idents, ']', false)))
    for (const key of ['scenarios', 'loops', 'views'] as const) {
      if (this.model[key] !== undefined) body.push(prop(key, data(this.model[key])))
    }
    const call = callCode('model', [jsString(this.model.name), group('{', body, '}', true)])
    const names = DSL_NAMES.filter((n) => this.imports.has(n))
    return [
      '// A stockflow model in the typed DSL, written by modelToSource.',
      `import { ${names.join(', ')} } from '@stockflow/model'`,
      '',
      ...lines,
      '',
      layout('export default ', call, '', 0),
      '',
    ].join('\n')
  }

  /** Decides which stocks get their flows through `from`/`to` and which keep explicit lists. */
  private wireFlows(): void {
    const { sources, sinks } = this
    const stocks = this.model.elements.filter((e): e is Stock => e.kind === 'stock')
    for (const s of stocks) {
      for (const f of s.outflows) sources.set(f, [...(sources.get(f) ?? []), s.id])
      for (const f of s.inflows) sinks.set(f, [...(sinks.get(f) ?? []), s.id])
    }
    const flows = this.model.elements.filter((e): e is Flow => e.kind === 'flow')
    const flowCount = new Map<VarId, number>()
    for (const f of flows) flowCount.set(f.id, (flowCount.get(f.id) ?? 0) + 1)
    const stockCount = new Map<VarId, number>()
    for (const s of stocks) stockCount.set(s.id, (stockCount.get(s.id) ?? 0) + 1)
    for (const s of stocks) {
      if (stockCount.get(s.id) !== 1) continue
      // model() pushes each flow onto its stocks in element order: the lists must be exactly that.
      const rebuilt = (ends: Map<VarId, VarId[]>) =>
        flows.filter((f) => flowCount.get(f.id) === 1 && (ends.get(f.id) ?? []).includes(s.id)).map((f) => f.id)
      const unique = (list: readonly VarId[], ends: Map<VarId, VarId[]>) =>
        list.every((f) => flowCount.get(f) === 1 && ends.get(f)?.length === 1)
      if (
        unique(s.inflows, sinks) &&
        unique(s.outflows, sources) &&
        same(rebuilt(sinks), s.inflows) &&
        same(rebuilt(sources), s.outflows)
      ) {
        this.derived.add(s.id)
      }
    }
    this.assignEnds()
  }

  /** A flow's `from`/`to`: the one stock listing it, when that stock's lists are rebuilt by `model()`. */
  private assignEnds(): void {
    this.from.clear()
    this.to.clear()
    for (const f of this.model.elements) {
      if (f.kind !== 'flow') continue
      const src = this.sources.get(f.id)
      const dst = this.sinks.get(f.id)
      if (src?.length === 1 && this.derived.has(src[0]!)) this.from.set(f.id, src[0]!)
      if (dst?.length === 1 && this.derived.has(dst[0]!)) this.to.set(f.id, dst[0]!)
    }
  }

  private ident(e: Element): string {
    const id = identifier(e.name, e.kind, this.used)
    this.used.add(id)
    if (!this.idents.has(e.id)) this.idents.set(e.id, id)
    return id
  }

  private declaration(e: Element, index: number): Declaration {
    const ident = this.identOf[index]!
    const deps = new Set<VarId>()
    const formula = (text: string): Formula => {
      const f = this.formula(text)
      if ('parts' in f) for (const p of f.parts) if (typeof p !== 'string') deps.add(p.ref)
      return f
    }
    const base = (o: ElementOptions): [string, unknown][] =>
      (['units', 'doc', 'min', 'max'] as const).filter((k) => o[k] !== undefined).map((k) => [k, o[k]])
    const points = (g: GraphicalFunction) => g.x.slice(0, Math.min(g.x.length, g.y.length)).map((x, i) => [x, g.y[i]])
    let render: (declared: ReadonlySet<VarId>) => Code
    let predicted: Element
    switch (e.kind) {
      case 'stock': {
        const initial = formula(e.initial)
        predicted = stock(e.name, { ...e, initial: this.predict(initial) })
        render = (declared) =>
          this.call(
            'stock',
            [jsString(e.name)],
            [
              ['initial', this.formulaCode(initial, declared)],
              ...dataProps(base(e)),
              ...(e.nonNegative ? dataProps([['nonNegative', true]]) : []),
            ],
          )
        break
      }
      case 'flow': {
        const ends = [this.from.get(e.id), this.to.get(e.id)]
        for (const s of ends) if (s !== undefined) deps.add(s)
        const rate = formula(e.equation)
        predicted = flow(e.name, { ...e, rate: this.predict(rate) })
        render = (declared) =>
          this.call(
            'flow',
            [jsString(e.name)],
            [
              ...ends.flatMap((s, i): Code[] =>
                s === undefined ? [] : [prop(i === 0 ? 'from' : 'to', this.idents.get(s)!)],
              ),
              ['rate', this.formulaCode(rate, declared)],
              ...dataProps(base(e)),
              ...(e.nonNegative ? dataProps([['nonNegative', true]]) : []),
            ],
          )
        break
      }
      case 'aux': {
        const equation = formula(e.equation)
        // The DSL takes a graph as points; a mode or ragged points travel as an override instead.
        const graph = e.graph && e.graph.mode === undefined ? points(e.graph) : undefined
        predicted = aux(e.name, {
          ...e,
          equation: this.predict(equation),
          graph: graph as [number, number][] | undefined,
        })
        render = (declared) =>
          this.call(
            'aux',
            [jsString(e.name)],
            [
              ['equation', this.formulaCode(equation, declared)],
              ...dataProps(graph ? [['graph', graph]] : []),
              ...dataProps(base(e)),
            ],
          )
        break
      }
      case 'param': {
        predicted = param(e.name, e.value, e)
        const options = dataProps(base(e))
        render = () => this.call('param', [jsString(e.name), numberLiteral(e.value)], options, options.length > 0)
        break
      }
      case 'lookup': {
        const pts = points(e)
        const mode = e.mode && e.mode !== 'continuous' ? [['mode', e.mode] as [string, unknown]] : []
        predicted = lookup(e.name, pts as [number, number][], { ...e, mode: e.mode })
        const options = dataProps([...mode, ...base(e)])
        render = () => this.call('lookup', [jsString(e.name), data(pts)], options, options.length > 0)
        break
      }
    }
    return { element: e, ident, deps, render: this.withOverrides(e, predicted, render) }
  }

  /** Wraps the DSL call in `{ ...call, key: value }` for whatever the DSL cannot say itself. */
  private withOverrides(
    e: Element,
    predicted: Element,
    render: (declared: ReadonlySet<VarId>) => Code,
  ): (declared: ReadonlySet<VarId>) => Code {
    const actual = e as unknown as Record<string, unknown>
    const expected = predicted as unknown as Record<string, unknown>
    const skip = new Set(['kind', 'equation', 'initial', 'inflows', 'outflows'])
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].filter(
      (k) => KNOWN_KEYS[e.kind].includes(k) && !skip.has(k),
    )
    const overrides: [string, unknown][] = keys
      .filter((k) => !deepEqual(expected[k], actual[k]))
      .map((k) => [k, actual[k]])
    if (e.kind === 'stock' && !this.derived.has(e.id)) {
      overrides.push(['inflows', e.inflows], ['outflows', e.outflows])
    }
    if (overrides.length === 0) return render
    // `as const` keeps literal types such as a graph's mode, which the Element types require.
    return (declared) => group('{', [prefixed('...', render(declared)), ...dataProps(overrides)], '} as const', true)
  }

  private call(fn: string, args: Code[], options: readonly (Code | [string, Code])[], withOptions = true): Code {
    this.imports.add(fn)
    return callCode(fn, withOptions ? [...args, group('{', options, '}', true)] : args)
  }

  /** The equation text the DSL will build from a formula (what `eq` returns). */
  private predict(f: Formula): Equation {
    if ('value' in f) return formatNumber(f.value)
    return f.parts.map((p) => (typeof p === 'string' ? p : quoteName(this.byId.get(p.ref)!.name))).join('')
  }

  private formulaCode(f: Formula, declared: ReadonlySet<VarId>): string {
    if ('value' in f) return numberLiteral(f.value)
    this.imports.add('eq')
    const body = f.parts
      .map((p) =>
        typeof p === 'string'
          ? templateText(p)
          : declared.has(p.ref)
            ? '${' + this.idents.get(p.ref)! + '}'
            : templateText(p.literal),
      )
      .join('')
    return 'eq`' + body + '`'
  }

  /**
   * Equation text as a formula that rebuilds the same text where it can: a number, or the text with
   * each reference replaced by its handle in place. Where positions are unreliable the AST is printed
   * instead; either way the result must parse to the same AST, else the text is kept verbatim.
   */
  private formula(text: string): Formula {
    let expr: Expr
    try {
      expr = parseEquation(text)
    } catch {
      return { parts: [text] }
    }
    const value = constant(expr)
    if (value !== undefined && formatNumber(value) === text) return { value }
    for (const parts of [this.inPlace(text, expr), this.printed(expr)]) {
      if (parts && this.rebuilds(parts, expr)) return { parts }
    }
    return { parts: [text] }
  }

  private rebuilds(parts: readonly Part[], expr: Expr): boolean {
    try {
      return sameExpr(parseEquation(this.predict({ parts })), expr)
    } catch {
      return false
    }
  }

  private inPlace(text: string, expr: Expr): Part[] | undefined {
    const spans: { start: number; end: number; id: VarId }[] = []
    let ok = true
    walk(expr, (n) => {
      if ((n.type !== 'ref' && n.type !== 'lookup') || !this.byId.has(n.id)) return
      if (!n.span || text.slice(n.span.start, n.span.end) !== n.name) {
        ok = false
        return
      }
      let { start, end } = n.span
      if (text[start - 1] === '"' && text[end] === '"') {
        start--
        end++
      }
      spans.push({ start, end, id: n.id })
    })
    if (!ok) return undefined
    spans.sort((a, b) => a.start - b.start)
    const parts: Part[] = []
    let at = 0
    for (const s of spans) {
      if (s.start < at) return undefined
      if (s.start > at) parts.push(text.slice(at, s.start))
      parts.push({ ref: s.id, literal: text.slice(s.start, s.end) })
      at = s.end
    }
    if (at < text.length) parts.push(text.slice(at))
    return parts
  }

  /** The AST printed in stockflow syntax, with handles for element references. */
  private printed(expr: Expr): Part[] {
    const parts: Part[] = []
    const emit = (p: Part) => {
      const last = parts[parts.length - 1]
      if (typeof p === 'string' && typeof last === 'string') parts[parts.length - 1] = last + p
      else parts.push(p)
    }
    const name = (id: VarId, raw: string) => {
      const e = this.byId.get(id)
      if (e) emit({ ref: id, literal: quoteName(e.name) })
      else emit(/^[A-Za-z_][A-Za-z0-9_]*$/.test(raw) ? raw : quoteName(raw))
    }
    const child = (node: Expr, parens: boolean) => {
      if (parens) emit('(')
      print(node)
      if (parens) emit(')')
    }
    const print = (node: Expr): void => {
      switch (node.type) {
        case 'num':
          emit(formatNumber(node.value))
          break
        case 'ref':
          name(node.id, node.name)
          break
        case 'lookup':
          name(node.id, node.name)
          child(node.arg, true)
          break
        case 'call': {
          if (findBuiltin(node.fn)?.kind === 'clock' && node.args.length === 0) {
            emit(node.fn)
            break
          }
          emit(node.fn + '(')
          node.args.forEach((a, i) => {
            if (i > 0) emit(', ')
            print(a)
          })
          emit(')')
          break
        }
        case 'unary':
          emit(node.op === 'not' ? 'not ' : node.op)
          child(node.arg, precedence(node.arg) < UNARY || node.arg.type === 'unary')
          break
        case 'binary': {
          const p = precedence(node)
          const l = precedence(node.left)
          const r = precedence(node.right)
          const comparison = p === COMPARISON
          child(node.left, l < p || (l === p && (node.op === '^' || comparison)))
          emit(` ${node.op} `)
          child(node.right, r < p || (r === p && node.op !== '^'))
          break
        }
        case 'if':
          child(node.cond, precedence(node.cond) <= CONDITIONAL)
          emit(' ? ')
          child(node.then, node.then.type === 'if')
          emit(' : ')
          child(node.else, node.else.type === 'if')
          break
      }
    }
    print(expr)
    return parts
  }
}

const KNOWN_KEYS: Record<Element['kind'], readonly string[]> = {
  stock: ['name', 'id', 'units', 'doc', 'min', 'max', 'nonNegative'],
  flow: ['name', 'id', 'units', 'doc', 'min', 'max', 'nonNegative', 'graph'],
  aux: ['name', 'id', 'units', 'doc', 'min', 'max', 'graph'],
  param: ['name', 'id', 'units', 'doc', 'min', 'max', 'value'],
  lookup: ['name', 'id', 'units', 'doc', 'min', 'max', 'x', 'y', 'mode'],
}

// mathjs precedence, loosest first: conditional, or, and, comparisons, + -, * /, unary, ^.
const CONDITIONAL = 1
const COMPARISON = 7
const UNARY = 12
const ATOM = 100

function precedence(e: Expr): number {
  switch (e.type) {
    case 'if':
      return CONDITIONAL
    case 'unary':
      return UNARY
    case 'binary':
      switch (e.op) {
        case 'or':
          return 2
        case 'and':
          return 4
        case '+':
        case '-':
          return 10
        case '*':
        case '/':
        case '%':
          return 11
        case '^':
          return 13
        default:
          return COMPARISON
      }
    default:
      return ATOM
  }
}

/** The value of a number literal, possibly negated (`5`, `-5`), else undefined. */
function constant(e: Expr): number | undefined {
  if (e.type === 'num') return e.value
  if (e.type === 'unary' && e.op === '-' && e.arg.type === 'num') return -e.arg.value
  return undefined
}

/** Structural equality of two ASTs, ignoring positions and how a name was spelt. */
function sameExpr(a: Expr, b: Expr): boolean {
  switch (a.type) {
    case 'num':
      return b.type === 'num' && Object.is(a.value, b.value)
    case 'ref':
      return b.type === 'ref' && a.id === b.id
    case 'lookup':
      return b.type === 'lookup' && a.id === b.id && sameExpr(a.arg, b.arg)
    case 'unary':
      return b.type === 'unary' && a.op === b.op && sameExpr(a.arg, b.arg)
    case 'binary':
      return b.type === 'binary' && a.op === b.op && sameExpr(a.left, b.left) && sameExpr(a.right, b.right)
    case 'if':
      return b.type === 'if' && sameExpr(a.cond, b.cond) && sameExpr(a.then, b.then) && sameExpr(a.else, b.else)
    case 'call':
      return (
        b.type === 'call' &&
        a.fn === b.fn &&
        a.args.length === b.args.length &&
        a.args.every((x, i) => sameExpr(x, b.args[i]!))
      )
  }
}

/**
 * Declarations in model order, each preceded by the not yet declared handles it uses (depth first), so
 * a handle is defined just before its first use. A cycle leaves its back reference a quoted name.
 */
function order(decls: readonly Declaration[]): Declaration[] {
  const byId = new Map<VarId, Declaration>()
  for (const d of decls) if (!byId.has(d.element.id)) byId.set(d.element.id, d)
  const out: Declaration[] = []
  const state = new Map<Declaration, 'visiting' | 'done'>()
  const visit = (d: Declaration) => {
    if (state.has(d)) return
    state.set(d, 'visiting')
    for (const id of d.deps) {
      const dep = byId.get(id)
      if (dep && dep !== d) visit(dep)
    }
    state.set(d, 'done')
    out.push(d)
  }
  for (const d of decls) visit(d)
  return out
}

// ---------------------------------------------------------------------------------------------
// Identifiers

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval undefined NaN ' +
    'Infinity globalThis'
  ).split(' '),
)

/** A readable, valid, unused camelCase identifier for a display name: `Heat Loss to Room` -> `heatLossToRoom`. */
export function identifier(name: string, kind: string, used: ReadonlySet<string>): string {
  const words = name.split(/[^\p{ID_Continue}]+|_+/u).filter(Boolean)
  let id = words
    .map((w, i) => {
      if (i === 0) return w === w.toUpperCase() ? w.toLowerCase() : w[0]!.toLowerCase() + w.slice(1)
      return w[0]!.toUpperCase() + w.slice(1)
    })
    .join('')
  id = [...id].filter((c) => /[\p{ID_Continue}$]/u.test(c)).join('')
  if (id === '') id = 'unnamed' + kind[0]!.toUpperCase() + kind.slice(1)
  else if (!/^[\p{ID_Start}$_]/u.test(id)) id = '_' + id
  if (RESERVED.has(id) || (DSL_NAMES as readonly string[]).includes(id)) id += kind[0]!.toUpperCase() + kind.slice(1)
  let unique = id
  for (let n = 2; used.has(unique); n++) unique = `${id}${n}`
  return unique
}

// ---------------------------------------------------------------------------------------------
// Literals: model text enters the source only through these.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Characters that may not stand raw in a literal: controls, line separators, lone surrogates. */
const UNSAFE = new RegExp(`${CONTROL.source}|${LONE_SURROGATE.source}`, 'g')

const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
const hex = (c: string) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')

/** A single-quoted JS string literal. */
export function jsString(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(UNSAFE, (c) => ESCAPES[c] ?? hex(c))
  return `'${body}'`
}

/** Text inside a template literal: backslashes, backticks and `$` escaped, so nothing interpolates. */
function templateText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/`/g, '\\`')
    .replace(/\$/g, '\\$')
    .replace(UNSAFE, (c) => ESCAPES[c] ?? hex(c))
}

function numberLiteral(v: number): string {
  if (Object.is(v, -0)) return '-0'
  return String(v)
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/

function key(k: string): string {
  // A quoted "__proto__" key would still set the prototype; a computed key makes it an own property.
  if (k === '__proto__') return `['__proto__']`
  return PLAIN_KEY.test(k) ? k : jsString(k)
}

/** Plain data (strings, numbers, booleans, arrays, objects) as layout code. */
function data(v: unknown): Code {
  if (typeof v === 'string') return jsString(v)
  if (typeof v === 'number') return Number.isFinite(v) ? numberLiteral(v) : String(v)
  if (typeof v === 'boolean') return String(v)
  if (v === undefined) return 'undefined'
  if (v === null) return 'null'
  if (Array.isArray(v)) return group('[', v.map(data), ']', false)
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined)
  return group('{', dataProps(entries), '}', true)
}

function dataProps(entries: readonly (readonly [string, unknown])[]): Code[] {
  return entries.map(([k, v]) => prop(k, data(v)))
}

/** `key: value`, where a group value keeps its own layout. */
function prop(k: string, value: Code): Code {
  return prefixed(`${key(k)}: `, value)
}

function prefixed(prefix: string, c: Code): Code {
  return typeof c === 'string' ? prefix + c : { ...c, open: prefix + c.open }
}

function group(open: string, items: readonly (Code | [string, Code])[], close: string, padded: boolean): Group {
  return { open, items: items.map((i) => (Array.isArray(i) ? prop(i[0], i[1]) : i)), close, padded }
}

function callCode(fn: string, args: readonly Code[]): Group {
  return { open: `${fn}(`, items: args, close: ')', padded: false }
}

// ---------------------------------------------------------------------------------------------
// Layout: flat when it fits in the width, else one item per line (the last argument of a call hugs).

function flat(c: Code): string {
  if (typeof c === 'string') return c
  if (c.items.length === 0) return c.open + c.close
  const inner = c.items.map(flat).join(', ')
  return c.padded ? `${c.open} ${inner} ${c.close}` : `${c.open}${inner}${c.close}`
}

function layout(prefix: string, c: Code, suffix: string, indent: number): string {
  const pad = ' '.repeat(indent)
  const one = flat(c)
  if (typeof c === 'string' || indent + prefix.length + one.length + suffix.length <= WIDTH || c.items.length === 0) {
    return pad + prefix + one + suffix
  }
  const last = c.items[c.items.length - 1]!
  const isCall = c.open.endsWith('(')
  if (isCall && typeof last !== 'string') {
    const head = c.items.slice(0, -1).map(flat)
    const start = prefix + c.open + head.map((h) => h + ', ').join('')
    if (indent + start.length + last.open.length <= WIDTH) {
      return layout(start, last, c.close + suffix, indent)
    }
  }
  const lines = c.items.map((item) => layout('', item, ',', indent + 2))
  return [pad + prefix + c.open, ...lines, pad + c.close + suffix].join('\n')
}

// ---------------------------------------------------------------------------------------------

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  )
}

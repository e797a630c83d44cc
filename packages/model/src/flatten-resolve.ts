import type { Expr, Span, Subscript } from './ast.js'
import { findArrayFunction } from './array-functions.js'
import type { Dimensions, ResolvedDimension } from './dimensions.js'
import { foldSubstituted, substitutedPosition } from './flatten-fold.js'
import { arrayCall } from './flatten-functions.js'
import type { ArrayContext, ArrayedVar, Binding, Free, Place, Report, Scope } from './flatten-types.js'
import { closestName } from './names.js'

type NameNode = Extract<Expr, { type: 'ref' | 'lookup' }>

/** Where a subscript lands: an element (a root index), a free dimension, or nowhere (reported). */
type Target = number | { readonly free: Free } | undefined

const ZERO: Expr = { type: 'num', value: 0 }

/**
 * Reads equations of an arrayed model element by element: every reference to an arrayed variable
 * becomes a reference to one of its elements, a dimension's name a position, array functions their
 * flat calls. Problems are reported once per equation and replaced by 0 so reading goes on.
 */
export class Resolver implements ArrayContext {
  /** The subscripts an arrayed reference written bare stands for: its dimensions' names. */
  private readonly implicitSubs = new Map<ArrayedVar, readonly Subscript[]>()

  private implicit(v: ArrayedVar): readonly Subscript[] {
    let subs = this.implicitSubs.get(v)
    if (!subs) {
      subs = v.dims.map((d) => ({ kind: 'name', name: d.name }))
      this.implicitSubs.set(v, subs)
    }
    return subs
  }

  /**
   * Array calls that read no element of the one being computed (`SUM(pop[*])` in `share[Region]`), made
   * once per equation: every element shares the same flat call (the same object, which the solver may
   * compute once), so a share of 100,000 regions is not 100,000 sums made over again.
   */
  private readonly invariant = new WeakMap<Expr, { readonly label: string; readonly flat: Expr }>()
  /**
   * One reference node per element read, shared by every equation reading it (a flat model holds
   * many): without a span, as the flat equation's text is made, not written.
   */
  private readonly refs = new Map<ArrayedVar, Expr[]>()
  /** The flat calls shared by several elements' equations (the values of `invariant`). */
  readonly shared = new Set<Expr>()
  /** Dimensions whose mapping is wrong (reported): an equation reading across one is not blamed again. */
  readonly unmapped = new Set<string>()
  /** How many times a subscript took the element being computed (an array call that adds none is invariant). */
  private boundReads = 0

  /** Set while collecting free dimensions: problems wait for the resolving pass, which reports them. */
  private collecting: Free[] | undefined

  constructor(
    private readonly dims: Dimensions,
    private readonly arrays: ReadonlyMap<string, ArrayedVar>,
    /** Ids of the model's scalar variables. */
    private readonly scalars: ReadonlySet<string>,
    /** Whether an id is a flat element's (a quoted `"pop[north]"` reads as it is). */
    private readonly isFlatId: (id: string) => boolean,
    private readonly variableNames: () => string[],
    readonly report: Report,
  ) {}

  dimensionNamed(name: string): ResolvedDimension | undefined {
    return this.dims.get(name)
  }

  elementRef(v: ArrayedVar, k: number): Expr {
    let refs = this.refs.get(v)
    if (!refs) this.refs.set(v, (refs = []))
    return (refs[k] ??= { type: 'ref', name: v.names[k]!, id: v.ids[k]! })
  }

  arrayed(id: string): ArrayedVar | undefined {
    return this.arrays.get(id)
  }

  resolve(expr: Expr, scope: Scope, place: Place): Expr {
    const saved = this.collecting
    this.collecting = undefined
    try {
      return this.go(expr, scope, place)
    } finally {
      this.collecting = saved
    }
  }

  free(expr: Expr, scope: Scope): Free[] {
    const saved = this.collecting
    const out: Free[] = []
    this.collecting = out
    try {
      this.go(expr, scope, { label: '', field: 'equation' })
    } finally {
      this.collecting = saved
    }
    return out
  }

  expand(expr: Expr, free: readonly Free[], scope: Scope, place: Place): Expr[] {
    if (free.length === 0) return [this.resolve(expr, scope, place)]
    const sizes = free.map((f) => f.dim.indices.length)
    const total = sizes.reduce((a, b) => a * b, 1)
    const reduced = new Map(scope.reduced)
    const inner: Scope = { ...scope, reduced }
    const out: Expr[] = []
    for (let k = 0; k < total; k++) {
      let rest = k
      for (let j = free.length - 1; j >= 0; j--) {
        const f = free[j]!
        reduced.set(f.key, { dim: f.dim, index: f.dim.indices[rest % sizes[j]!]! })
        rest = Math.floor(rest / sizes[j]!)
      }
      out.push(this.resolve(expr, inner, place))
    }
    return out
  }

  private problem(place: Place, code: Parameters<Report>[1], message: string, span: Span | undefined, hint: string) {
    if (!this.collecting) this.report(place, code, message, span, hint)
  }

  private go(e: Expr, scope: Scope, place: Place): Expr {
    switch (e.type) {
      case 'num':
        return e
      case 'ref':
        return this.ref(e, scope, place)
      case 'lookup': {
        const arg = this.go(e.arg, scope, place)
        const v = this.arrays.get(e.id)
        if (!v) {
          if (e.subs) this.notArrayed(e, place)
          return { type: 'lookup', name: e.name, id: e.id, arg, ...(e.span ? { span: e.span } : {}) }
        }
        const k = this.element(e, v, scope, place)
        if (k === undefined) return ZERO
        return { type: 'lookup', name: v.names[k]!, id: v.ids[k]!, arg, ...(e.span ? { span: e.span } : {}) }
      }
      case 'unary':
        return foldSubstituted({ ...e, arg: this.go(e.arg, scope, place) })
      case 'binary':
        return foldSubstituted({ ...e, left: this.go(e.left, scope, place), right: this.go(e.right, scope, place) })
      case 'if':
        return foldSubstituted({
          ...e,
          cond: this.go(e.cond, scope, place),
          then: this.go(e.then, scope, place),
          else: this.go(e.else, scope, place),
        })
      case 'call': {
        const f = findArrayFunction(e.fn)
        if (f && (f.result === 'plain' ? e.args.length === 1 : e.args.length <= f.params.length)) {
          // Its own free dimensions are its business: collecting the caller's stops here.
          if (this.collecting) return e
          const hit = this.invariant.get(e)
          if (hit && hit.label === place.label) return hit.flat
          const before = this.boundReads
          const flat = arrayCall(this, f, e, scope, place)
          // An array-valued function reads the element computed (its position in the result) anyway.
          if (this.boundReads === before && f.result !== 'array') {
            this.invariant.set(e, { label: place.label, flat })
            this.shared.add(flat)
          }
          return flat
        }
        return { ...e, args: e.args.map((a) => this.go(a, scope, place)) }
      }
    }
  }

  private ref(e: Extract<Expr, { type: 'ref' }>, scope: Scope, place: Place): Expr {
    const v = this.arrays.get(e.id)
    if (v) {
      const k = this.element(e, v, scope, place)
      return k === undefined ? ZERO : this.elementRef(v, k)
    }
    const plain: Expr = e.subs ? { type: 'ref', name: e.name, id: e.id, ...(e.span ? { span: e.span } : {}) } : e
    if (this.scalars.has(e.id)) {
      if (e.subs) this.notArrayed(e, place)
      return plain
    }
    const dim = this.dims.get(e.name)
    if (dim) {
      if (e.subs) {
        this.problem(
          place,
          'not-arrayed',
          `"${e.name}" is a dimension; it has no elements to subscript`,
          e.span,
          `write ${e.name} alone for the element's position`,
        )
        return ZERO
      }
      const t = this.dimension(dim, scope, place, e.span)
      if (t === undefined) return ZERO
      if (typeof t === 'object') return this.unbound(t.free, e.name, scope, place, e.span)
      const position = dim.position(t)
      if (position === undefined) {
        this.outside(t, dim, place, e.span)
        return ZERO
      }
      // Vensim: a subrange's name as a value is the element's position in the full range, not the subrange.
      return substitutedPosition(t + 1)
    }
    if (this.isFlatId(e.id)) {
      if (e.subs) this.notArrayed(e, place)
      return plain
    }
    const near = closestName(e.name, [...this.variableNames(), ...this.dims.names()])
    this.problem(
      place,
      'unknown-reference',
      `"${e.name}" is not an element of this model`,
      e.span,
      near ? `did you mean "${near}"?` : 'check the spelling or add the element',
    )
    return plain
  }

  private notArrayed(e: NameNode, place: Place): void {
    this.problem(
      place,
      'not-arrayed',
      `"${e.name}" is not arrayed, so it takes no subscripts`,
      e.span,
      `write ${e.name} without [...] or give it dimensions`,
    )
  }

  /** The offset of the element an arrayed reference names, or undefined (reported, or free while collecting). */
  private element(e: NameNode, v: ArrayedVar, scope: Scope, place: Place): number | undefined {
    const indices = this.indices(e, v, scope, place)
    if (!indices) return undefined
    const k = v.offset(indices)
    if (k === undefined) {
      const j = v.dims.findIndex((d, i) => d.position(indices[i]!) === undefined)
      this.outside(indices[j]!, v.dims[j]!, place, e.subs?.[j]?.span ?? e.span, v.element.name)
    }
    return k
  }

  indices(e: NameNode, v: ArrayedVar, scope: Scope, place: Place): number[] | undefined {
    const subs = e.subs ?? this.implicit(v)
    if (subs.length !== v.dims.length) {
      const n = v.dims.length
      this.problem(
        place,
        'subscript-count',
        `"${e.name}" has ${n} dimension${n === 1 ? '' : 's'} (${v.dims.map((d) => d.name).join(', ')}) but is read with ${subs.length} subscript${subs.length === 1 ? '' : 's'}`,
        e.span,
        `write ${e.name}[${v.dims.map((d) => d.name).join(', ')}]`,
      )
      return undefined
    }
    const out: number[] = []
    let ok = true
    for (let j = 0; j < subs.length; j++) {
      const s = subs[j]!
      const t = this.target(s, v.dims[j]!, scope, place, e.name)
      if (t === undefined) ok = false
      else if (typeof t === 'object') {
        this.unbound(t.free, e.name, scope, place, s.span ?? e.span)
        ok = false
      } else out.push(t)
    }
    return ok ? out : undefined
  }

  /** A free dimension: collected while collecting, else a problem. */
  private unbound(free: Free, name: string, scope: Scope, place: Place, span: Span | undefined): Expr {
    if (this.collecting) {
      if (!this.collecting.some((f) => f.key === free.key)) this.collecting.push(free)
      return ZERO
    }
    const own = [...scope.bound.values()].map((b) => b.dim.name)
    if (this.unmapped.has(free.dim.name) || own.some((d) => this.unmapped.has(d))) return ZERO
    this.problem(
      place,
      'unbound-dimension',
      `${free.dim.name} in ${name} is not a dimension of the element being computed${own.length ? ` (${own.join(', ')})` : ''}`,
      span,
      `name one element, or reduce it: SUM(${name}[${free.dim.name}!])`,
    )
    return ZERO
  }

  private outside(index: number, dim: ResolvedDimension, place: Place, span: Span | undefined, of?: string): void {
    const root = this.dims.get(dim.root)
    const element = root?.elements[index] ?? String(index + 1)
    this.problem(
      place,
      'bad-subscript',
      `element "${element}" is not in ${dim.name}${of ? `, a dimension of "${of}"` : ''}`,
      span,
      `use an element of ${dim.name} (${dim.elements.slice(0, 5).join(', ')}${dim.elements.length > 5 ? ', ...' : ''})`,
    )
  }

  /** Where subscript `s` of a reference lands, in dimension `dim` of the variable read. */
  private target(s: Subscript, dim: ResolvedDimension, scope: Scope, place: Place, name: string): Target {
    switch (s.kind) {
      case 'position': {
        // A number names an element where the dimension has one so named (Vensim's `(3-5)`), else a position.
        const named = this.dims.denote(String(s.position), dim)
        if (named?.kind === 'element' && named.root.id === dim.root && dim.position(named.index) !== undefined) {
          return named.index
        }
        const index = dim.indices[s.position - 1]
        if (index === undefined) {
          this.problem(
            place,
            'bad-subscript',
            `position ${s.position} is past the end of ${dim.name}, which has ${dim.indices.length} elements`,
            s.span,
            `positions of ${dim.name} run from 1 to ${dim.indices.length}`,
          )
        }
        return index
      }
      case 'star': {
        const hit = scope.reduced.get(dim.id)
        return hit ? hit.index : { free: { key: dim.id, dim } }
      }
      case 'bang': {
        const d = this.dims.get(s.name)
        if (!d) {
          this.unknownSubscript(s.name, dim, place, s.span)
          return undefined
        }
        if (d.root !== dim.root) {
          this.wrongFamily(s.name, d.name, dim, place, s.span, name)
          return undefined
        }
        const hit = scope.reduced.get(d.id)
        return hit ? hit.index : { free: { key: d.id, dim: d } }
      }
      case 'name': {
        const d = this.dims.denote(s.name, dim)
        if (!d) {
          this.unknownSubscript(s.name, dim, place, s.span)
          return undefined
        }
        if (d.kind === 'element') {
          if (d.root.id !== dim.root) {
            this.wrongFamily(s.name, d.root.name, dim, place, s.span, name)
            return undefined
          }
          return d.index
        }
        return this.dimension(d.dim, scope, place, s.span, d.dim.id === dim.id ? name : undefined)
      }
    }
  }

  /**
   * The element a dimension's name stands for: its own binding; else a bound dimension of the same
   * family (an alias, the parent of a subrange or a subrange of it); else one a mapping joins to it;
   * else the element an enclosing array function iterates; else it is free.
   */
  private dimension(d: ResolvedDimension, scope: Scope, place: Place, span: Span | undefined, of?: string): Target {
    const own = scope.bound.get(d.id)
    if (own) {
      this.boundReads++
      return own.index
    }
    // A mapping written between a bound dimension and this one wins over the family rule below.
    for (const b of scope.bound.values()) {
      const to = this.dims.mappedDirectly(b.dim, b.index, d)
      if (to !== undefined) return this.mappedTo(to, b, d, place, span)
    }
    let family: Binding | undefined
    for (const b of scope.bound.values()) {
      if (b.dim.root !== d.root) continue
      family ??= b
      if (d.position(b.index) !== undefined) {
        family = b
        break
      }
    }
    if (family) {
      // A subrange read where its parent is bound (`x[Region] = pop[Coast]`) holds only for Coast's elements.
      if (d.position(family.index) === undefined) {
        this.outside(family.index, d, place, span, of)
        return undefined
      }
      this.boundReads++
      return family.index
    }
    for (const b of scope.bound.values()) {
      const to = this.dims.mapped(b.dim, b.index, d)
      if (to !== undefined) return this.mappedTo(to, b, d, place, span)
    }
    const reduced = scope.reduced.get(d.id)
    if (reduced) return reduced.index
    return { free: { key: d.id, dim: d } }
  }

  /** The one element of `d` a mapping gives for a binding, or a problem. */
  private mappedTo(
    to: readonly number[],
    b: Binding,
    d: ResolvedDimension,
    place: Place,
    span: Span | undefined,
  ): number | undefined {
    this.boundReads++
    const inside = to.filter((i) => d.position(i) !== undefined)
    if (inside.length === 1) return inside[0]!
    const root = this.dims.get(b.dim.root)
    this.problem(
      place,
      'bad-mapping',
      `the mapping between ${b.dim.name} and ${d.name} gives ${inside.length === 0 ? 'no element' : 'several elements'} of ${d.name} for "${root?.elements[b.index] ?? b.index}"`,
      span,
      'map each element to exactly one',
    )
    return undefined
  }

  private unknownSubscript(name: string, dim: ResolvedDimension, place: Place, span: Span | undefined): void {
    const near = closestName(name, [...dim.elements, ...this.dims.names()])
    this.problem(
      place,
      'unknown-subscript',
      `"${name}" is neither an element of ${dim.name} nor a dimension`,
      span,
      near ? `did you mean "${near}"?` : `use an element of ${dim.name}, its name, a position or *`,
    )
  }

  private wrongFamily(
    written: string,
    family: string,
    dim: ResolvedDimension,
    place: Place,
    span: Span | undefined,
    name: string,
  ): void {
    this.problem(
      place,
      'bad-subscript',
      `"${written}" belongs to ${family}, but that place of "${name}" is ${dim.name}`,
      span,
      `use an element of ${dim.name}, or map ${family} to ${dim.name}`,
    )
  }
}

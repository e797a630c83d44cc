import type { Element, Expr, LookupMode, Model, Stock, VarId } from '@stockflow/model'
import { StockflowError, formatIssue } from '@stockflow/model'
import {
  constantValue,
  findBuiltin,
  orderByDependencies,
  orderIndices,
  validateParsed,
} from '@stockflow/model/internal'
import type { ParsedElement } from '@stockflow/model/internal'
import type { AuxStep, Breakpoint, IR, Memory, PipelineDelay, Slot, SlotKind, StockState } from './ir.js'
import { solverBuiltin } from './builtin-table.js'
import { fixedForRun } from './fixed-for-run.js'
import { add, fn, num, readsOf, remapSlots, slot, slotsOf, sub } from './ir-build.js'
import { MIN_KERNEL, schedule } from './kernels.js'
import type { Item } from './kernels.js'
import { limitNonNegativeStocks } from './non-negative.js'
import { withRanges } from './ranges.js'
import { arrayGroups, gather } from './slot-arrays.js'
import type { LimitContext } from './non-negative.js'
import { startValue } from './initial-value.js'
import type { StartSources } from './initial-value.js'
import { expandStateful } from './stateful.js'
import type { ExpansionContext } from './stateful.js'

/** A graphical function ready for interpolation. */
export interface Table {
  readonly id: VarId
  readonly x: Float64Array
  readonly y: Float64Array
  readonly mode: LookupMode
}

/** One statement of the initial pass, in dependency order. */
export type InitStep =
  | { readonly kind: 'set'; readonly slot: number; readonly expr: IR; readonly overridable: boolean }
  | { readonly kind: 'pipeline'; readonly index: number }

/** A model lowered to slots and IR: everything code generation needs, nothing it must look up. */
export interface Program {
  /**
   * The scalar model the program computes: for an arrayed model, its flattening (one variable per
   * element, named `pop[north]`), whose names the slots and runs carry; otherwise the model itself.
   */
  readonly model: Model
  /** The model as given (arrayed, when it has dimensions). */
  readonly source: Model
  readonly slots: readonly Slot[]
  /** Default values of parameter slots (params and constant auxiliaries). */
  readonly params: ReadonlyMap<number, number>
  /** Integrated states; their slots are contiguous from `stockBase`. */
  readonly stocks: readonly StockState[]
  readonly stockBase: number
  readonly aux: readonly AuxStep[]
  readonly init: readonly InitStep[]
  readonly samples: readonly { readonly slot: number; readonly dist: 'uniform' | 'normal' }[]
  readonly pipelines: readonly PipelineDelay[]
  readonly memories: readonly Memory[]
  readonly tables: readonly Table[]
  readonly breakpoints: readonly Breakpoint[]
  /** Public slots (stocks, flows, auxiliaries, parameters) in model order. */
  readonly outputs: readonly Slot[]
  readonly byId: ReadonlyMap<VarId, Slot>
  /**
   * For each slot, the slot holding its value: itself, or for a variable that copies another (never
   * computed, see removeCopies) the original. Runs record and read values through it.
   */
  readonly sourceOf: Int32Array
  /**
   * For each slot, the array it is an element of (a number shared by the elements of one array, and
   * by the internal slots each element's SMOOTH or DELAY makes alike), or -1. An array's elements
   * are contiguous slots, in the order of their elements; its equations' statements are kernels.
   */
  readonly arrays: Int32Array
}

interface Draft {
  kind: SlotKind
  id: VarId
  name: string
  public: boolean
  units?: string
}

/**
 * Lowers a valid model: resolves names to slots, expands stateful builtins into internal stocks,
 * orders the auxiliaries and the initial pass. Throws a StockflowError listing every model error.
 */
export function lower(model: Model): Program {
  const { issues, parsed, flat } = validateParsed(model)
  const errors = issues.filter((i) => i.severity === 'error')
  if (errors.length) {
    throw new StockflowError(
      `model "${model.name}" has ${errors.length} error${errors.length > 1 ? 's' : ''}:\n${errors.map((e) => `  ${formatIssue(e)}`).join('\n')}`,
      errors,
    )
  }
  // An arrayed model is lowered as its flattening (`parsed` holds the flat elements).
  return lowerParsed(flat, parsed, model)
}

/** Lowers a scalar model already validated, `parsed` its elements' equations (`source`: the model as given). */
export function lowerParsed(flat: Model, parsed: readonly ParsedElement[], source: Model = flat): Program {
  return new Lowering(flat, parsed, source).run()
}

class Lowering {
  private readonly drafts: Draft[] = []
  private readonly slotOf = new Map<VarId, number>()
  private slotOfParsed = new Int32Array(0)
  private readonly tableOf = new Map<VarId, number>()
  private readonly tables: Table[] = []
  private readonly params = new Map<number, number>()
  private readonly stocks = new Map<number, { init: IR; deriv: IR }>()
  private readonly aux = new Map<number, IR>()
  private readonly constants = new Map<number, IR>()
  private readonly samples: { slot: number; dist: 'uniform' | 'normal' }[] = []
  private readonly pipelines: PipelineDelay[] = []
  private readonly memories: Memory[] = []
  private readonly breakpoints: Breakpoint[] = []
  private readonly overridable = new Set<number>()
  /** Auxiliaries the initial pass computes from another expression (ACTIVE INITIAL, SAMPLE IF TRUE). */
  private readonly initialOf = new Map<number, IR>()
  /** Auxiliaries whose equation is built once the whole model is lowered (see ExpansionContext.later). */
  private readonly pending = new Map<number, () => IR>()

  constructor(
    private readonly model: Model,
    private readonly parsed: readonly ParsedElement[],
    private readonly source: Model,
  ) {}

  private newSlot(kind: SlotKind, id: VarId, name: string, isPublic: boolean, units?: string): number {
    const d: Draft = { kind, id, name, public: isPublic }
    if (units !== undefined) d.units = units
    this.drafts.push(d)
    return this.drafts.length - 1
  }

  run(): Program {
    const parsed = this.parsed
    // The slot of each parsed element (-1 for a lookup), so that only references look slots up by id.
    const slotOfParsed = Int32Array.from(parsed, (p) => this.declare(p.element, p.equation))
    this.slotOfParsed = slotOfParsed
    parsed.forEach((p, j) => {
      const e = p.element
      const s = slotOfParsed[j]!
      if (e.kind === 'stock') {
        const inflows = e.inflows.map((id) => slot(this.slotOf.get(id)!))
        const outflows = e.outflows.map((id) => slot(this.slotOf.get(id)!))
        let deriv: IR = inflows.reduce<IR | undefined>((acc, f) => (acc ? add(acc, f) : f), undefined) ?? num(0)
        for (const f of outflows) deriv = sub(deriv, f)
        this.stocks.set(s, { init: this.lowerExpr(p.initial!, e.name), deriv })
        this.overridable.add(s)
      } else if ((e.kind === 'aux' || e.kind === 'flow') && !this.params.has(s)) {
        let expr = this.lowerExpr(p.equation!, e.name)
        if (e.graph) {
          // XMILE: an auxiliary or flow with a graphical function is that function of its equation.
          this.tables.push({
            id: e.id,
            x: Float64Array.from(e.graph.x),
            y: Float64Array.from(e.graph.y),
            mode: e.graph.mode ?? 'continuous',
          })
          expr = { t: 'table', k: this.tables.length - 1, a: expr }
        }
        this.aux.set(s, e.kind === 'flow' && e.nonNegative ? fn('max', num(0), expr) : expr)
      }
    })
    for (const s of this.pending.keys()) this.settle(s)
    const limited = parsed.map((p) => p.element).filter((e): e is Stock => e.kind === 'stock' && !!e.nonNegative)
    if (limited.length) limitNonNegativeStocks(limited, this.limitContext(parsed))
    return this.layout()
  }

  /** The lowering as limiting the flows of non-negative stocks sees it (see non-negative.ts). */
  private limitContext(parsed: readonly ParsedElement[]): LimitContext {
    const uniflows = new Set(
      parsed.flatMap((p) => (p.element.kind === 'flow' && p.element.nonNegative ? [p.element.id] : [])),
    )
    const names = new Map(parsed.map((p) => [p.element.id, p.element.name]))
    const buffered = new Map<number, IR[]>()
    for (const m of this.memories) buffered.set(m.out, [m.init])
    for (const p of this.pipelines) buffered.set(p.out, [p.delay, p.init])
    return {
      slotOf: (id) => this.slotOf.get(id)!,
      aux: this.aux,
      materialize: (expr, label) => this.context.materialize(expr, label),
      inputsOf: (s) => {
        const inputs = [
          this.aux.get(s),
          this.constants.get(s),
          this.stocks.get(s)?.init,
          this.initialOf.get(s),
          ...(buffered.get(s) ?? []),
        ]
        return inputs.filter((x): x is IR => x !== undefined)
      },
      neverNegative: (id) => uniflows.has(id),
      nameOf: (id) => names.get(id) ?? id,
    }
  }

  /** Gives every element its slot (or table); constant auxiliaries become settable parameters. */
  private declare(e: Element, equation: Expr | undefined): number {
    if (e.kind === 'lookup') {
      this.tableOf.set(e.id, this.tables.length)
      this.tables.push({ id: e.id, x: Float64Array.from(e.x), y: Float64Array.from(e.y), mode: e.mode ?? 'continuous' })
      return -1
    }
    const constant = e.kind === 'aux' && !e.graph && equation ? constantValue(equation) : undefined
    const kind: SlotKind = e.kind === 'param' || constant !== undefined ? 'param' : e.kind
    const s = this.newSlot(kind, e.id, e.name, true, e.units)
    this.slotOf.set(e.id, s)
    if (e.kind === 'param') this.params.set(s, e.value)
    else if (constant !== undefined) this.params.set(s, constant)
    return s
  }

  private lowerExpr(expr: Expr, owner: string): IR {
    const go = (e: Expr): IR => {
      switch (e.type) {
        case 'num':
          return num(e.value)
        case 'ref':
          return slot(this.slotOf.get(e.id)!)
        case 'lookup':
          return { t: 'table', k: this.tableOf.get(e.id)!, a: go(e.arg) }
        case 'unary':
          return { t: 'un', op: e.op, a: go(e.arg) }
        case 'binary':
          return { t: 'bin', op: e.op, l: go(e.left), r: go(e.right) }
        case 'if':
          return { t: 'if', c: go(e.cond), a: go(e.then), b: go(e.else) }
        case 'call': {
          const spec = findBuiltin(e.fn)!
          const args = e.args.map(go)
          const label = `${owner}:${spec.name}`
          if (spec.kind === 'stateful') return expandStateful(spec.name, args, this.context, label)
          const b = solverBuiltin(spec.name)!
          if (spec.name === 'get_time_value') checkTimeValue(args, owner)
          if (b.lower) return b.lower(args, (dist) => this.draw(dist, label))
          if (b.breaks) this.breakpoints.push({ fn: spec.name, args, owner })
          return fn(spec.name, ...args)
        }
      }
    }
    return go(expr)
  }

  /** A slot drawn from the run's generator each step (builtin-table.ts lowers random functions to draws). */
  private draw(dist: 'uniform' | 'normal', label: string): IR {
    const s = this.newSlot('sample', `${label}#${this.samples.length}`, label, false)
    this.samples.push({ slot: s, dist })
    return slot(s)
  }

  private readonly context: ExpansionContext = {
    newStock: (label) => this.newSlot('internal-stock', label, label, false),
    defineStock: (s, init, deriv) => void this.stocks.set(s, { init, deriv }),
    materialize: (expr, label) => {
      if (expr.t === 'slot' || expr.t === 'num') return expr
      const s = this.newSlot('internal', label, label, false)
      this.aux.set(s, expr)
      return slot(s)
    },
    newConstant: (expr, label) => {
      const s = this.newSlot('internal', label, label, false)
      this.constants.set(s, expr)
      return s
    },
    newMemory: (input, init, label) => {
      const x = this.context.materialize(input, `${label}:input`) as { t: 'slot'; i: number } | { t: 'num'; v: number }
      const out = this.newSlot('internal', label, label, false)
      this.memories.push({ out, input: x.t === 'slot' ? x.i : this.constantSlot(x.v, label), init: init ?? x })
      return out
    },
    newPipeline: (input, delay, init, label) => {
      const x = this.context.materialize(input, `${label}:input`) as { t: 'slot'; i: number } | { t: 'num'; v: number }
      const out = this.newSlot('internal', label, label, false)
      this.pipelines.push({ out, input: x.t === 'slot' ? x.i : this.constantSlot(x.v, label), delay, init: init ?? x })
      return out
    },
    newAuxiliary: (label) => this.newSlot('internal', label, label, false),
    defineAuxiliary: (s, expr, initial) => {
      this.aux.set(s, expr)
      if (initial) this.initialOf.set(s, initial)
    },
    isConstant: (expr) => expr.t === 'num' || (expr.t === 'slot' && this.params.has(expr.i)),
    initialValue: (expr) => startValue(expr, this.startSources),
    dt: () => this.model.time.dt,
    later: (label, build) => {
      const s = this.newSlot('internal', label, label, false)
      this.pending.set(s, build)
      return slot(s)
    },
  }

  /** Builds the equation of a slot left for later, if it is one; false if it is not (or is being built). */
  private settle(s: number): boolean {
    const build = this.pending.get(s)
    if (!build) return false
    this.pending.delete(s)
    this.aux.set(s, build())
    return true
  }

  /** The lowering's equations as the start values of Vensim's DELAY N and SMOOTH N read them. */
  private readonly startSources: StartSources = {
    param: (s) => this.params.get(s),
    initial: (s) =>
      this.initialOf.get(s) ??
      this.stocks.get(s)?.init ??
      this.constants.get(s) ??
      this.aux.get(s) ??
      this.memories.find((m) => m.out === s)?.init ??
      this.pipelines.find((p) => p.out === s)?.init,
    settle: (s) => this.settle(s),
    table: (k) => {
      const t = this.tables[k]!
      return { x: Array.from(t.x), y: Array.from(t.y), mode: t.mode }
    },
    clock: () => {
      const { start, stop, dt } = this.model.time
      return { time: start, dt, start, stop }
    },
  }

  private constantSlot(value: number, label: string): number {
    const s = this.newSlot('internal', `${label}:constant`, label, false)
    this.constants.set(s, num(value))
    return s
  }

  /**
   * Final slot order: parameters, then stocks (contiguous, for the integrators), then auxiliaries in
   * the order the generated code computes them (by level and shape, see kernels.ts: the statements of
   * one kernel then write neighbouring slots, and often read them), then the rest (values fixed for
   * the run, variables that copy another, internal slots).
   */
  private layout(): Program {
    const sourceOfDraft = this.removeCopies()
    // Evaluation order on draft indices (it does not depend on how slots are numbered).
    const auxSlots = [...this.aux.keys()]
    const position = new Int32Array(this.drafts.length).fill(-1)
    auxSlots.forEach((s, i) => (position[s] = i))
    const auxDeps = (s: number) => [...slotsOf(this.aux.get(s)!)]
    const auxOrder = orderIndices(auxSlots.length, (i) => {
      const deps: number[] = []
      for (const s of readsOf(this.aux.get(auxSlots[i]!)!)) if (position[s]! >= 0) deps.push(position[s]!)
      return deps
    })
    if (!auxOrder) {
      const failed = orderByDependencies(auxSlots, auxDeps)
      const cycles = failed.ok ? [] : failed.cycles
      throw this.cycleError('algebraic loop', cycles, this.drafts, 'every feedback loop needs a stock to break it')
    }
    // Auxiliaries fixed for the run are computed once, in the initial pass.
    const fixed = (s: number) => this.params.has(s) || this.constants.has(s)
    const varying: number[] = []
    for (const i of auxOrder) {
      const s = auxSlots[i]!
      const expr = this.aux.get(s)!
      // An auxiliary with an initial value of its own is computed every step, the initial pass apart.
      if (!this.initialOf.has(s) && fixedForRun(expr, fixed)) {
        this.constants.set(s, expr)
        this.aux.delete(s)
      } else varying.push(s)
    }
    // Elements of one array are scheduled as kernels whatever their number, and numbered together.
    const groups = arrayGroups(
      this.drafts.map((d) => d.name),
      (i) => this.drafts[i]!.kind === 'stock' || this.drafts[i]!.kind === 'internal-stock',
    )
    const arrayed = (x: Item) => groups[x.index]! >= 0
    const mode = (k: number) => this.tables[k]!.mode
    const units = schedule(
      varying.map((s) => ({ out: 'v', index: s, slot: s, expr: this.aux.get(s)! })),
      mode,
      MIN_KERNEL,
      arrayed,
    )
    // Stocks likewise in the order of their derivative kernels; in each kernel, first the internal
    // stocks a public variable copies (the output stage of a SMOOTH), so that a run records them as
    // one range of the state rather than one slot here and there (see recording.ts).
    const recorded = new Set<number>()
    this.drafts.forEach((d, i) => {
      if (d.public && sourceOfDraft(i) !== i) recorded.add(sourceOfDraft(i))
    })
    const stockSequence = schedule(
      [...this.stocks.entries()].map(([s, st]) => ({ out: 'k', index: s, expr: st.deriv })),
      mode,
      MIN_KERNEL,
      arrayed,
    ).flatMap((u) => {
      if (u.kind === 'one') return [u.item.index]
      const slots = u.items.map((x) => x.index)
      return [...slots.filter((s) => recorded.has(s)), ...slots.filter((s) => !recorded.has(s))]
    })
    const n = this.drafts.length
    const key = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const kind = this.drafts[i]!.kind
      key[i] = this.params.has(i) ? i : kind === 'stock' || kind === 'internal-stock' ? 2 * n + i : 4 * n + i
    }
    stockSequence.forEach((s, j) => (key[s] = n + j))
    let j = 0
    for (const u of units) {
      if (u.kind === 'one') key[u.item.index] = 3 * n + j++
      else for (const x of u.items) key[x.index] = 3 * n + j++
    }
    // The keys are distinct integers below 5n: placed by key rather than sorted.
    const byKey = new Int32Array(5 * n).fill(-1)
    for (let i = 0; i < n; i++) byKey[key[i]!] = i
    const order = gather(
      byKey.filter((i) => i >= 0),
      groups,
    )
    const newIndex = new Int32Array(n)
    order.forEach((i, k) => (newIndex[i] = k))
    const re = (ir: IR) => remapSlots(ir, (i) => newIndex[i]!)
    const slots: Slot[] = Array.from(order, (i, k) => {
      const d = this.drafts[i]!
      const s: Slot = { index: k, kind: d.kind, id: d.id, name: d.name, public: d.public }
      return d.units === undefined ? s : { ...s, units: d.units }
    })
    const sourceOf = Int32Array.from(order, (i) => newIndex[sourceOfDraft(i)]!)
    const arrays = Int32Array.from(order, (i) => groups[i]!)
    // Looked up by name only when a run sets or selects variables: made on first use.
    let byId: Map<VarId, Slot> | undefined
    const lookup = () => {
      if (byId) return byId
      byId = new Map()
      for (const s of slots) if (s.public) byId.set(s.id, s)
      return byId
    }

    const stocks: StockState[] = [...this.stocks.entries()]
      .map(([s, st]) => ({ slot: newIndex[s]!, init: re(st.init), deriv: re(st.deriv) }))
      .sort((a, b) => a.slot - b.slot)
    const stockBase = stocks.length ? stocks[0]!.slot : 0
    // In evaluation order; a kernel's statements by slot, so that it writes (and reads) slots in step.
    const auxSequence = units.flatMap((u) =>
      u.kind === 'one' ? [u.item.index] : u.items.map((x) => x.index).sort((a, b) => newIndex[a]! - newIndex[b]!),
    )
    const aux = auxSequence.map((s) => ({ slot: newIndex[s]!, expr: re(this.aux.get(s)!) }))

    const pipelines = this.pipelines.map((p) => ({
      out: newIndex[p.out]!,
      input: newIndex[p.input]!,
      delay: re(p.delay),
      init: re(p.init),
    }))
    const memories = this.memories.map((m) => ({ out: newIndex[m.out]!, input: newIndex[m.input]!, init: re(m.init) }))
    const overridable = new Set([...this.overridable].map((s) => newIndex[s]!))
    const initialOf = new Map([...this.initialOf].map(([s, e]) => [newIndex[s]!, re(e)]))
    const init = this.initOrder(stocks, aux, initialOf, pipelines, memories, slots, re, newIndex, overridable)
    const params = new Map([...this.params.entries()].map(([s, v]) => [newIndex[s]!, v]))
    // The parsed elements are the model's, in order (lookups have no slot).
    const outputs: Slot[] = []
    for (const s of this.slotOfParsed) if (s >= 0) outputs.push(slots[newIndex[s]!]!)
    return {
      model: this.model,
      source: this.source,
      slots,
      params,
      stocks,
      stockBase,
      // Reductions over an array's slots as loops, now that the slots are final (ranges.ts).
      aux: aux.map((a) => {
        const expr = withRanges(a.expr)
        return expr === a.expr ? a : { slot: a.slot, expr }
      }),
      init: init.map((step) => {
        const expr = step.kind === 'set' ? withRanges(step.expr) : undefined
        return expr === undefined || step.kind !== 'set' || expr === step.expr ? step : { ...step, expr }
      }),
      samples: this.samples.map((s) => ({ slot: newIndex[s.slot]!, dist: s.dist })),
      pipelines,
      memories,
      tables: this.tables,
      breakpoints: this.breakpoints.map((b) => ({ ...b, args: b.args.map(re) })),
      outputs,
      get byId() {
        return lookup()
      },
      sourceOf,
      arrays,
    }
  }

  /**
   * Auxiliaries and flows that only copy another value (SMOOTH's output is its last internal stock, a
   * flow equal to an auxiliary) are not computed: whatever reads them reads the original, and runs
   * record the original in their place. Returns, for each draft slot, the slot holding its value.
   */
  private removeCopies(): (draft: number) => number {
    const copied = new Map<number, number>()
    for (const [s, expr] of this.aux) if (expr.t === 'slot' && !this.initialOf.has(s)) copied.set(s, expr.i)
    if (copied.size === 0) return (i) => i
    // A chain of copies ends at a computed value (a ring of copies is an algebraic loop, refused
    // by validation; the bound only keeps a mistake from looping forever).
    const source = (i: number) => {
      for (let hops = 0; copied.has(i) && hops <= copied.size; hops++) i = copied.get(i)!
      return i
    }
    const re = (ir: IR) => remapSlots(ir, source)
    for (const s of copied.keys()) this.aux.delete(s)
    for (const [s, expr] of this.aux) this.aux.set(s, re(expr))
    for (const [s, st] of this.stocks) this.stocks.set(s, { init: re(st.init), deriv: re(st.deriv) })
    for (const [s, expr] of this.constants) this.constants.set(s, re(expr))
    for (const [s, expr] of this.initialOf) this.initialOf.set(s, re(expr))
    this.pipelines.forEach((p, j) => {
      this.pipelines[j] = { out: p.out, input: source(p.input), delay: re(p.delay), init: re(p.init) }
    })
    this.memories.forEach((m, j) => (this.memories[j] = { out: m.out, input: source(m.input), init: re(m.init) }))
    this.breakpoints.forEach((b, j) => (this.breakpoints[j] = { ...b, args: b.args.map(re) }))
    return source
  }

  private initOrder(
    stocks: StockState[],
    aux: AuxStep[],
    initialOf: ReadonlyMap<number, IR>,
    pipelines: PipelineDelay[],
    memories: Memory[],
    slots: Slot[],
    re: (ir: IR) => IR,
    newIndex: Int32Array,
    overridable: Set<number>,
  ): InitStep[] {
    type Node = { step: InitStep; deps: number[]; writes: number }
    const nodes: Node[] = []
    const set = (s: number, expr: IR, overridable = false) =>
      nodes.push({ step: { kind: 'set', slot: s, expr, overridable }, deps: readsOf(expr), writes: s })
    for (const st of stocks) set(st.slot, st.init, overridable.has(st.slot))
    for (const a of aux) set(a.slot, initialOf.get(a.slot) ?? a.expr)
    for (const [s, e] of this.constants) set(newIndex[s]!, re(e))
    for (const m of memories) set(m.out, m.init)
    pipelines.forEach((p, index) =>
      nodes.push({ step: { kind: 'pipeline', index }, deps: readsOf(p.init, readsOf(p.delay)), writes: p.out }),
    )
    const writer = new Int32Array(slots.length).fill(-1)
    nodes.forEach((n, i) => (writer[n.writes] = i))
    const order = orderIndices(nodes.length, (i) => {
      const deps: number[] = []
      for (const d of nodes[i]!.deps) if (writer[d]! >= 0) deps.push(writer[d]!)
      return deps
    })
    if (order) return Array.from(order, (i) => nodes[i]!.step)
    const failed = orderByDependencies(nodes, (n) =>
      n.deps.flatMap((d) => (writer[d]! >= 0 ? [nodes[writer[d]!]!] : [])),
    )
    throw this.cycleError(
      'initial values depend on each other',
      failed.ok ? [] : failed.cycles.map((c) => c.map((n) => n.writes)),
      slots,
      'give one of them an explicit initial value',
    )
  }

  private cycleError(
    what: string,
    cycles: number[][],
    slots: readonly { readonly name: string }[],
    hint: string,
  ): StockflowError {
    const text = cycles
      .map((c) =>
        [...c]
          .reverse()
          .map((s) => slots[s]!.name)
          .join(' -> '),
      )
      .join('; ')
    return new StockflowError(`model "${this.model.name}": ${what}: ${text} (${hint})`)
  }
}

/**
 * GET TIME VALUE as stockflow simulates it: relative to the time (0) or the start (1), measured in the
 * model's time units (0). Calendar measures need Vensim's time labels, and the computer clock (2)
 * would make a run depend on the day it is made: written as numbers, they are refused here.
 */
function checkTimeValue(args: readonly IR[], owner: string): void {
  const [relative, , measure] = args
  const bad = (x: IR | undefined, ok: readonly number[]) => x?.t === 'num' && !ok.includes(x.v)
  if (bad(relative, [0, 1]) || bad(measure, [0])) {
    const text = (x: IR | undefined) => (x?.t === 'num' ? String(x.v) : '...')
    throw new StockflowError(
      `"${owner}": GET TIME VALUE(${text(relative)}, ..., ${text(measure)}) is not simulated; use relative to 0 (the time) or 1 (the start) with measure 0 (the model's time units)`,
    )
  }
}

import type { Expr } from './ast.js'
import { walk } from './ast.js'
import type { Issue } from './errors.js'
import { canonicalId } from './id.js'
import type { VarId } from './id.js'
import type { Element, GraphicalFunction, Model, Stock } from './types.js'
import { isSubstituted } from './flatten-fold.js'
import { flattenModel, hasArrays, oncePerEquation } from './flatten.js'
import { constantValue, parseModel } from './parse-model.js'

/**
 * What `lint` needs of a simulation: save times and series by name or id. A `Run` from
 * `@stockflow/solver` fits; the model package does not depend on the solver.
 */
export interface LintRun {
  readonly times: Float64Array
  has(name: string): boolean
  get(name: string): Float64Array
}

/** Numbers an equation may carry without naming them: identities, halves, percentages, signs. */
const PLAIN_NUMBERS: ReadonlySet<number> = new Set([0, 1, 2, 0.5, 100, -1])

/** Test inputs whose arguments at these positions are points in time (historical dates, policy years). */
const TIME_ARGS: Readonly<Record<string, readonly number[]>> = {
  step: [1],
  ramp: [1, 2],
  pulse: [1, 2],
  pulse_train: [0, 1, 2, 3],
  vensim_step: [1],
  vensim_pulse: [0, 1],
}

/** Stateful builtins with a time constant: its argument index and how many stages share it. */
const TIME_CONSTANTS: Readonly<Record<string, { readonly arg: number; readonly stages: number | 'order' }>> = {
  smth1: { arg: 1, stages: 1 },
  smth3: { arg: 1, stages: 3 },
  smthn: { arg: 1, stages: 'order' },
  delay1: { arg: 1, stages: 1 },
  delay3: { arg: 1, stages: 3 },
  delayn: { arg: 1, stages: 'order' },
  trend: { arg: 1, stages: 1 },
  forcst: { arg: 1, stages: 1 },
}

/** dt should be at most this share of the smallest time constant. */
const DT_SHARE = 1 / 4

/**
 * Warnings about a model that runs but may mislead: elements without units, constants buried in
 * equations, a dt too large for the smallest time constant that can be read from the equations and,
 * given a run of the model, stocks that go negative without `nonNegative` and lookups read outside
 * their x range. Every issue is a warning; equations that do not parse are skipped (`validate` reports
 * them). Never throws.
 */
export function lint(model: Model, run?: LintRun): Issue[] {
  if (!hasArrays(model)) return lintFlat(model, run)
  // Arrays are linted element by element (a run names elements `pop[north]` too); once per equation.
  // The flattening's own reading: it marks the numbers it substituted, which are no buried constants.
  const { flat, parsed, origin } = flattenModel(model)
  const once = oncePerEquation(lintFlat(flat, run, parsed), origin, false, [], RUN_CODES)
  // Named as the modeler wrote them: the variable (`Pop`), or a per-element equation (`Pop[north]`), not
  // the first element the flat model happened to report; a run's warnings stay per element.
  return once.map((i) => {
    const o = i.element === undefined || RUN_CODES.has(i.code) ? undefined : origin(i.element)
    return o ? { ...i, element: i.code === 'missing-units' ? o.variable : o.label } : i
  })
}

/** Warnings read off a run: each element has its own series, so each is reported. */
const RUN_CODES: ReadonlySet<string> = new Set(['negative-stock', 'lookup-out-of-range'])

function lintFlat(model: Model, run?: LintRun, parsed = parseModel(model, [])): Issue[] {
  const issues: Issue[] = []
  const byId = new Map<VarId, Element>()
  for (const e of model.elements)
    if (!byId.has(canonicalId(String(e.name ?? '')))) byId.set(canonicalId(String(e.name ?? '')), e)

  for (const e of model.elements) lintUnits(e, issues)
  for (const p of parsed) {
    if (p.equation && (p.element.kind === 'flow' || p.element.kind === 'aux'))
      lintBuriedConstants(p.element, p.equation, issues)
  }
  lintDt(model, parsed, byId, issues)
  if (run) {
    for (const e of model.elements) {
      if (e.kind === 'stock' && !isSmoothing(e, parsed)) lintNegativeStock(e, run, issues)
    }
    for (const p of parsed) if (p.equation) lintLookupRange(p.element, p.equation, byId, run, issues)
  }
  return issues
}

function lintUnits(e: Element, issues: Issue[]): void {
  if (e.kind === 'lookup') return
  if (typeof e.units === 'string' && e.units.trim() !== '') return
  issues.push({
    severity: 'warning',
    code: 'missing-units',
    message: `the ${e.kind} has no units`,
    element: e.name,
    hint: "declare them, e.g. units: 'people/day'; write '1' for a dimensionless quantity",
  })
}

function lintBuriedConstants(e: Element, equation: Expr, issues: Issue[]): void {
  // An equation that is only a number (or arithmetic on numbers) is a constant already.
  if (constantValue(equation) !== undefined) return
  const found: number[] = []
  const visit = (x: Expr, exempt: boolean): void => {
    switch (x.type) {
      case 'num':
        if (!exempt && !PLAIN_NUMBERS.has(x.value) && !isSubstituted(x)) found.push(x.value)
        return
      case 'ref':
        return
      case 'unary':
        // -50 is one literal, not minus fifty.
        if (x.op === '-' && x.arg.type === 'num') {
          if (!exempt && !PLAIN_NUMBERS.has(-x.arg.value) && !isSubstituted(x.arg)) found.push(-x.arg.value)
          return
        }
        visit(x.arg, exempt)
        return
      case 'binary': {
        // Dates measured against the clock (TIME - 2010, TIME >= 2021.5) are the model's calendar.
        const leftTime = isTime(x.left)
        const rightTime = isTime(x.right)
        visit(x.left, exempt || rightTime)
        // Exponents (x ^ 0.3) are shapes of a curve rather than parameters someone would vary.
        visit(x.right, exempt || leftTime || (x.op === '^' && constantValue(x.right) !== undefined))
        return
      }
      case 'if':
        visit(x.cond, exempt)
        visit(x.then, exempt)
        visit(x.else, exempt)
        return
      case 'call': {
        const timeArgs = TIME_ARGS[x.fn] ?? []
        x.args.forEach((a, i) => visit(a, exempt || timeArgs.includes(i) || isOrderArg(x.fn, i)))
        return
      }
      case 'lookup':
        visit(x.arg, exempt)
        return
    }
  }
  visit(equation, false)
  if (found.length === 0) return
  const distinct = [...new Set(found)].map(num)
  issues.push({
    severity: 'warning',
    code: 'buried-constant',
    message: `the equation contains the constant${distinct.length > 1 ? 's' : ''} ${distinct.join(', ')}`,
    element: e.name,
    field: 'equation',
    hint: 'make it a parameter with a name, units and a range, so it can be seen, tested and varied',
  })
}

/** The order of SMTHN/DELAYN is structure (how many stages), not a parameter. */
function isOrderArg(fn: string, index: number): boolean {
  return (fn === 'smthn' || fn === 'delayn') && index === 2
}

function isTime(x: Expr): boolean {
  return x.type === 'call' && x.fn === 'time'
}

interface TimeConstant {
  readonly value: number
  readonly element: Element
  readonly what: string
  readonly span?: Issue['span']
}

/** The value of a time argument when it is a number, a parameter, or numbers and parameters combined. */
function staticValue(x: Expr, byId: ReadonlyMap<VarId, Element>): { value: number; name?: string } | undefined {
  const c = constantValue(x)
  if (c !== undefined) return { value: c }
  if (x.type === 'ref') {
    const target = byId.get(x.id)
    if (target?.kind === 'param' && typeof target.value === 'number') return { value: target.value, name: target.name }
  }
  return undefined
}

function lintDt(
  model: Model,
  parsed: ReturnType<typeof parseModel>,
  byId: ReadonlyMap<VarId, Element>,
  issues: Issue[],
): void {
  const dt = model.time.dt
  if (typeof dt !== 'number' || !(dt > 0) || !Number.isFinite(dt)) return
  const constants: TimeConstant[] = []
  const outflowOf = new Map<VarId, Stock[]>()
  const inflowOf = new Map<VarId, Stock[]>()
  for (const e of model.elements) {
    if (e.kind !== 'stock') continue
    for (const [ids, map] of [
      [e.outflows, outflowOf],
      [e.inflows, inflowOf],
    ] as const) {
      for (const id of ids ?? []) map.set(canonicalId(id), [...(map.get(canonicalId(id)) ?? []), e])
    }
  }
  for (const p of parsed) {
    const expr = p.equation ?? p.initial
    if (!expr) continue
    walk(expr, (x) => {
      if (x.type === 'call') {
        const tc = TIME_CONSTANTS[x.fn]
        const arg = tc ? x.args[tc.arg] : undefined
        const t = arg ? staticValue(arg, byId) : undefined
        const stages = tc?.stages === 'order' ? constantValue(x.args[2] ?? { type: 'num', value: NaN }) : tc?.stages
        if (tc && t && stages !== undefined && Number.isInteger(stages) && stages >= 1 && t.value > 0) {
          const time = t.name ? `"${t.name}" = ${num(t.value)}` : num(t.value)
          constants.push({
            value: t.value / stages,
            element: p.element,
            what:
              stages === 1
                ? `the ${x.fn.toUpperCase()} time ${time}`
                : `the stage time ${num(t.value / stages)} of ${x.fn.toUpperCase()} (time ${time} over ${stages} stages)`,
            ...(x.span ? { span: x.span } : {}),
          })
        }
      }
    })
    // First-order loops: an outflow of a stock written Stock / T or (Stock - Goal) / T, or an inflow
    // written (Goal - Stock) / T.
    if (p.element.kind === 'flow' && p.equation?.type === 'binary' && p.equation.op === '/') {
      const { left, right } = p.equation
      const t = staticValue(right, byId)
      const drained = (id: VarId) => (outflowOf.get(p.element.id) ?? []).some((s) => s.id === id)
      const filled = (id: VarId) => (inflowOf.get(p.element.id) ?? []).some((s) => s.id === id)
      let stock: VarId | undefined
      if (left.type === 'ref' && drained(left.id)) stock = left.id
      else if (left.type === 'binary' && left.op === '-') {
        if (left.left.type === 'ref' && drained(left.left.id)) stock = left.left.id
        else if (left.right.type === 'ref' && filled(left.right.id)) stock = left.right.id
      }
      if (stock !== undefined && t && t.value > 0) {
        const time = t.name ? `"${t.name}" = ${num(t.value)}` : num(t.value)
        constants.push({
          value: t.value,
          element: p.element,
          what: `the time constant ${time} of "${p.element.name}" (a first-order loop through "${byId.get(stock)?.name ?? stock}")`,
        })
      }
    }
  }
  if (constants.length === 0) return
  const smallest = constants.reduce((a, b) => (b.value < a.value ? b : a))
  if (!(dt > smallest.value * DT_SHARE)) return
  let suggestion = 1
  while (suggestion > smallest.value * DT_SHARE) suggestion /= 2
  while (suggestion * 2 <= smallest.value * DT_SHARE) suggestion *= 2
  issues.push({
    severity: 'warning',
    code: 'dt-too-large',
    message: `dt ${num(dt)} is more than a quarter of ${smallest.what}, the smallest time constant`,
    element: smallest.element.name,
    field: 'equation',
    ...(smallest.span ? { span: smallest.span } : {}),
    hint: `use dt ${num(suggestion)} or less, or the results depend on the step`,
  })
}

/**
 * A stock that only tracks a goal, `S' = (X - S) / T` through its one flow, is a perception or an
 * expectation (what SMTH1 builds internally): it takes the sign of what it tracks, so it is no conserved
 * quantity that an outflow could overdraw.
 */
function isSmoothing(s: Stock, parsed: ReturnType<typeof parseModel>): boolean {
  const flows = [...(s.inflows ?? []), ...(s.outflows ?? [])]
  if (flows.length !== 1 || (s.inflows ?? []).length !== 1) return false
  const flowId = canonicalId(flows[0]!)
  const equation = parsed.find((p) => p.element.id === flowId && p.element.kind === 'flow')?.equation
  if (equation?.type !== 'binary' || equation.op !== '/') return false
  const gap = equation.left
  return gap.type === 'binary' && gap.op === '-' && gap.right.type === 'ref' && gap.right.id === s.id
}

function lintNegativeStock(s: Stock, run: LintRun, issues: Issue[]): void {
  if (s.nonNegative || !run.has(s.name)) return
  // A declared minimum below zero says negative values are meant (a net debt, a temperature).
  if (typeof s.min === 'number' && s.min < 0) return
  const values = run.get(s.name)
  let scale = 0
  for (const v of values) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v))
  const tolerance = 1e-9 * scale
  let first = -1
  let lowest = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v < -tolerance) {
      if (first < 0) first = i
      lowest = Math.min(lowest, v)
    }
  }
  if (first < 0) return
  issues.push({
    severity: 'warning',
    code: 'negative-stock',
    message: `the stock goes negative at time ${num(run.times[first]!)}, down to ${num(lowest)}`,
    element: s.name,
    hint: 'if it cannot be negative, mark it nonNegative or limit its outflows; if it can, give it a negative min',
  })
}

function lintLookupRange(
  e: Element,
  equation: Expr,
  byId: ReadonlyMap<VarId, Element>,
  run: LintRun,
  issues: Issue[],
): void {
  const check = (table: GraphicalFunction, tableName: string, input: Expr, span: Issue['span'] | undefined) => {
    if (input.type !== 'ref' || !run.has(input.name)) return
    const xs = table.x
    if (!Array.isArray(xs) || xs.length === 0) return
    const lo = xs[0]!
    const hi = xs[xs.length - 1]!
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return
    const tolerance = 1e-9 * Math.max(1, Math.abs(hi - lo))
    const values = run.get(input.name)
    let first = -1
    let min = Infinity
    let max = -Infinity
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!
      if (!Number.isFinite(v)) continue
      min = Math.min(min, v)
      max = Math.max(max, v)
      if (first < 0 && (v < lo - tolerance || v > hi + tolerance)) first = i
    }
    if (first < 0) return
    const reader =
      table.mode === 'extrapolate'
        ? 'it extrapolates from its end points there'
        : 'it holds its end values there, which hides the trend'
    issues.push({
      severity: 'warning',
      code: 'lookup-out-of-range',
      message: `${tableName} is read at "${input.name}" from ${num(min)} to ${num(max)}, outside its x range ${num(lo)} to ${num(hi)} (first at time ${num(run.times[first]!)})`,
      element: e.name,
      field: 'equation',
      ...(span ? { span } : {}),
      hint: `${reader}; extend its points to cover the inputs the model reaches`,
    })
  }
  const seen = new Set<string>()
  walk(equation, (x) => {
    if (x.type === 'lookup') {
      const target = byId.get(x.id)
      const key = `${x.id}\u0000${x.arg.type === 'ref' ? x.arg.id : ''}`
      if (target?.kind === 'lookup' && !seen.has(key)) {
        seen.add(key)
        check(target, `the lookup "${target.name}"`, x.arg, x.span)
      }
    }
  })
  // An aux or flow that is a graphical function of its equation reads its points at the equation's value.
  if ((e.kind === 'aux' || e.kind === 'flow') && e.graph) check(e.graph, 'its graphical function', equation, undefined)
}

/** A value for a message: six significant digits. */
function num(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v)
}

import type { Expr } from './ast.js'
import { walk } from './ast.js'
import { findBuiltin, isReservedName } from './builtins.js'
import { allDeps, initialDeps, instantDeps } from './deps.js'
import type { Cut } from './deps.js'
import type { Field, Issue, IssueCode } from './errors.js'
import { flattenModel, hasArrays, oncePerEquation } from './flatten.js'
import { canonicalId } from './id.js'
import type { VarId } from './id.js'
import { closestName } from './names.js'
import { orderByDependencies } from './order.js'
import { constantValue, parseModel } from './parse-model.js'
import type { ParsedElement } from './parse-model.js'
import type { Element, GraphicalFunction, Model } from './types.js'
import { checkStringNames } from './validate-names.js'

export type { ParsedElement } from './parse-model.js'
export { constantValue, parseModel } from './parse-model.js'

/**
 * Every problem in a model at once: errors (unknown references, duplicate names, algebraic loops,
 * bad functions, bad lookups, bad time settings, arrays that do not fit, scenario keys and named-loop
 * variables that name nothing) and warnings (unused elements). Never throws.
 */
export function validate(model: Model): Issue[] {
  return validateParsed(model).issues
}

/**
 * `validate`, also returning the parsed equations (compiling reads them instead of parsing again) and
 * the flat model they belong to: for a model with arrays, one scalar variable per element (see
 * flatten.ts), `parsed` aligned with its elements; otherwise the model itself.
 */
export function validateParsed(model: Model): { issues: Issue[]; parsed: ParsedElement[]; flat: Model } {
  if (!hasArrays(model)) {
    const issues: Issue[] = []
    checkTime(model, issues)
    const byId = checkNames(model, issues)
    const parsed = parseModel(model, issues)
    checkParsed(model, parsed, byId, issues)
    checkStringNames(model, model, parsed, issues)
    return { issues, parsed, flat: model }
  }
  const { flat, parsed, distinct, shared, issues: arrayIssues, origin } = flattenModel(model)
  const found: Issue[] = []
  checkTime(flat, found)
  checkNames(model, found)
  // The model's names are checked; the flat ids are derived from them, so only collisions are left.
  const byId = new Map<VarId, Element>()
  // Two variables of the same name are reported already, by the model's names.
  const variable = (name: string) => canonicalId(origin(name)?.variable ?? name)
  for (const e of flat.elements) {
    const other = byId.get(e.id)
    if (other && variable(e.name) !== variable(other.name)) {
      found.push({
        severity: 'error',
        code: 'duplicate-name',
        message: `"${e.name}" has the same id as "${other.name}"`,
        element: e.name,
        field: 'name',
        hint: 'an element of an arrayed variable is named like another variable; rename one',
      })
    }
    if (!other) byId.set(e.id, e)
  }
  checkParsed(flat, parsed, byId, found, distinct, shared)
  // An apply-to-all equation's problem shows in every element: reported once, by the equation's label.
  let flatIssues = oncePerEquation(found, origin, true, arrayIssues)
  // Equations the arrays spoil read 0 instead of what they name: "unused" would blame what they read.
  if (arrayIssues.some((i) => i.severity === 'error')) flatIssues = flatIssues.filter((i) => i.severity !== 'warning')
  const issues = [...arrayIssues, ...flatIssues]
  checkStringNames(model, flat, parsed, issues)
  return { issues, parsed, flat }
}

/** Checks the parsed equations; with `distinct`, only the elements it marks (the others read alike). */
function checkParsed(
  model: Model,
  parsed: readonly ParsedElement[],
  byId: Map<VarId, Element>,
  issues: Issue[],
  distinct?: Uint8Array,
  shared?: ReadonlySet<Expr>,
): void {
  for (let i = 0; i < parsed.length; i++) {
    if (distinct && distinct[i] === 0) continue
    const p = parsed[i]!
    if (p.equation) checkExpr(p.element, p.equation, 'equation', byId, issues)
    if (p.initial) checkExpr(p.element, p.initial, 'initial', byId, issues)
    checkElement(p.element, byId, issues)
  }
  checkLoops(parsed, byId, issues, shared)
  checkUnused(model, parsed, byId, issues, shared)
}

function checkTime(model: Model, issues: Issue[]): void {
  const { start, stop, dt, saveper } = model.time
  const bad = (code: IssueCode, message: string, hint: string) =>
    issues.push({ severity: 'error', code, message, field: 'time', hint })
  for (const [key, value] of Object.entries({ start, stop, dt })) {
    if (typeof value !== 'number' || !Number.isFinite(value))
      bad('bad-time', `time.${key} must be a finite number`, 'set it in the time spec')
  }
  if (!(dt > 0)) bad('bad-dt', `dt must be positive, got ${dt}`, 'try 0.25 or 1/16 of your smallest time constant')
  if (stop <= start) bad('bad-time', `stop (${stop}) must be after start (${start})`, 'swap them or extend stop')
  if (saveper !== undefined) {
    if (!(saveper > 0)) bad('bad-saveper', `saveper must be positive, got ${saveper}`, 'leave it out to save every dt')
    else if (dt > 0) {
      const ratio = saveper / dt
      if (Math.abs(ratio - Math.round(ratio)) > 1e-9 * ratio || Math.round(ratio) < 1) {
        bad(
          'saveper-not-multiple',
          `saveper ${saveper} is not a multiple of dt ${dt}`,
          `use a multiple such as ${Math.max(1, Math.round(ratio)) * dt}`,
        )
      }
    }
  }
}

function checkNames(model: Model, issues: Issue[]): Map<VarId, Element> {
  const byId = new Map<VarId, Element>()
  for (const e of model.elements) {
    const name = String(e.name ?? '')
    if (canonicalId(name) === '') {
      issues.push({
        severity: 'error',
        code: 'empty-name',
        message: 'an element has no name',
        element: name,
        field: 'name',
      })
      continue
    }
    if (e.id !== canonicalId(name)) {
      issues.push({
        severity: 'error',
        code: 'bad-id',
        message: `id "${e.id}" does not match the name (expected "${canonicalId(name)}")`,
        element: name,
        field: 'name',
        hint: 'ids are derived from names; build elements with the DSL or fix the id',
      })
    }
    if (isReservedName(name)) {
      issues.push({
        severity: 'error',
        code: 'reserved-name',
        message: `"${name}" is a builtin name`,
        element: name,
        field: 'name',
        hint: 'rename the element',
      })
    }
    const other = byId.get(canonicalId(name))
    if (other) {
      issues.push({
        severity: 'error',
        code: 'duplicate-name',
        message: `"${name}" has the same id as "${other.name}"`,
        element: name,
        field: 'name',
        hint: 'names differing only in case, spaces or underscores are the same name; rename one',
      })
      continue
    }
    byId.set(canonicalId(name), e)
  }
  return byId
}

function checkExpr(element: Element, expr: Expr, field: Field, byId: Map<VarId, Element>, issues: Issue[]): void {
  const err = (code: IssueCode, message: string, span: Issue['span'], hint?: string) =>
    issues.push({
      severity: 'error',
      code,
      message,
      element: element.name,
      field,
      ...(span ? { span } : {}),
      ...(hint ? { hint } : {}),
    })
  // Only a misspelling needs every name (for "did you mean"); building the list per equation is quadratic.
  let known: string[] | undefined
  const names = () => (known ??= [...byId.values()].map((e) => e.name))
  walk(expr, (n) => {
    if ((n.type === 'ref' || n.type === 'lookup') && n.subs && byId.has(n.id)) {
      err(
        'not-arrayed',
        `"${n.name}" is not arrayed, so it takes no subscripts`,
        n.span,
        `write ${n.name} without [...]`,
      )
    }
    if (n.type === 'ref') {
      const target = byId.get(n.id)
      if (!target) {
        const near = closestName(n.name, names())
        err(
          'unknown-reference',
          `"${n.name}" is not an element of this model`,
          n.span,
          near ? `did you mean "${near}"?` : 'check the spelling or add the element',
        )
      } else if (target.kind === 'lookup') {
        err('lookup-as-value', `"${target.name}" is a lookup; call it with an input`, n.span, `write ${target.id}(x)`)
      }
    } else if (n.type === 'lookup') {
      const target = byId.get(n.id)
      if (!target) {
        const near = closestName(n.name, [...names(), ...BUILTIN_NAMES])
        err(
          'unknown-function',
          `"${n.name}" is neither a builtin function nor a lookup`,
          n.span,
          near ? `did you mean ${near}?` : 'see the list of builtins',
        )
      } else if (target.kind !== 'lookup') {
        err(
          'not-a-lookup',
          `"${target.name}" is a ${target.kind}, not a lookup, so it cannot be called`,
          n.span,
          'use * to multiply',
        )
      }
    } else if (n.type === 'call') {
      const spec = findBuiltin(n.fn)
      if (!spec) {
        const near = closestName(n.fn, BUILTIN_NAMES)
        err(
          'unknown-function',
          `"${n.fn}" is not a builtin function`,
          n.span,
          near ? `did you mean ${near}?` : 'see the list of builtins',
        )
        return
      }
      if (n.args.length < spec.minArgs || n.args.length > spec.maxArgs) {
        const want = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`
        err(
          'wrong-arity',
          `${spec.name.toUpperCase()} takes ${want} argument${spec.maxArgs === 1 ? '' : 's'}, got ${n.args.length}`,
          n.span,
          spec.signature,
        )
      } else if (spec.name === 'smthn' || spec.name === 'delayn') {
        // The order fixes how many internal stocks the builtin gets, so it must be known and sane.
        const order = constantValue(n.args[2]!)
        if (order === undefined) {
          err(
            'order-not-constant',
            `the order of ${spec.name.toUpperCase()} must be a number`,
            n.span,
            'write the order as a literal, e.g. 5',
          )
        } else if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER) {
          err(
            'bad-order',
            `the order of ${spec.name.toUpperCase()} must be a whole number from 1 to ${MAX_ORDER}, got ${order}`,
            n.span,
            'orders of 3 to 10 are usual',
          )
        }
      }
    }
  })
}

/** The largest SMTHN/DELAYN order: each stage is an internal stock. */
const MAX_ORDER = 1000

const BUILTIN_NAMES = [
  'min',
  'max',
  'abs',
  'exp',
  'ln',
  'sqrt',
  'step',
  'pulse',
  'ramp',
  'smth1',
  'smth3',
  'delay1',
  'delay3',
  'if_then_else',
]

function checkElement(e: Element, byId: Map<VarId, Element>, issues: Issue[]): void {
  const err = (code: IssueCode, message: string, field: Field, hint?: string) =>
    issues.push({ severity: 'error', code, message, element: e.name, field, ...(hint ? { hint } : {}) })
  if (e.kind === 'stock') {
    for (const field of ['inflows', 'outflows'] as const) {
      for (const id of e[field] ?? []) {
        const f = byId.get(id) ?? byId.get(canonicalId(id))
        if (!f)
          err(
            'unknown-flow',
            `${field} names "${id}", which is not an element`,
            field,
            'add the flow or remove it from the list',
          )
        else if (f.kind !== 'flow')
          err(
            'not-a-flow',
            `${field} names "${f.name}", a ${f.kind}; only flows move stocks`,
            field,
            `make "${f.name}" a flow`,
          )
      }
    }
  } else if (e.kind === 'param') {
    if (typeof e.value !== 'number' || !Number.isFinite(e.value))
      err('bad-value', `the value must be a finite number`, 'equation', 'give the parameter a number')
  } else if (e.kind === 'lookup') {
    checkPoints(e, e, issues)
  }
  if ((e.kind === 'aux' || e.kind === 'flow') && e.graph) checkPoints(e, e.graph, issues)
}

/** A graphical function needs matching, finite x and y with x increasing. */
function checkPoints(e: Element, g: GraphicalFunction, issues: Issue[]): void {
  const err = (code: IssueCode, message: string, hint: string) =>
    issues.push({ severity: 'error', code, message, element: e.name, field: 'points', hint })
  const { x, y } = g
  if (!Array.isArray(x) || !Array.isArray(y) || x.length === 0 || x.length !== y.length) {
    err('lookup-points', 'a lookup needs as many y values as x values, and at least one point', 'give one y per x')
    return
  }
  if ([...x, ...y].some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    err('lookup-points', 'lookup points must be finite numbers', 'replace NaN or infinite values')
  }
  for (let i = 1; i < x.length; i++) {
    if (!(x[i]! > x[i - 1]!)) {
      err(
        'lookup-not-monotone',
        `x values must increase, but x[${i}] = ${x[i]} follows ${x[i - 1]}`,
        'sort the points by x and remove repeats',
      )
      break
    }
  }
}

/**
 * The dependencies of some equations, a shared flat call (`shared`, see flatten.ts) standing as a node
 * of its own whose dependencies are collected once: N shares of one SUM are N + N edges, not N².
 */
function dependencies(
  equations: readonly (readonly [VarId, Expr])[],
  deps: (e: Expr, cut?: Cut) => VarId[],
  shared: ReadonlySet<Expr> | undefined,
): Map<VarId, VarId[]> {
  const out = new Map<VarId, VarId[]>()
  if (!shared?.size) {
    for (const [id, e] of equations) out.set(id, deps(e))
    return out
  }
  const idOf = new Map<Expr, VarId>()
  const queue: Expr[] = []
  const cut: Cut = (e) => {
    if (!shared.has(e)) return undefined
    let id = idOf.get(e)
    if (id === undefined) {
      idOf.set(e, (id = `${SHARED}${idOf.size}`))
      queue.push(e)
    }
    return id
  }
  for (const [id, e] of equations) out.set(id, deps(e, cut))
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!
    out.set(
      idOf.get(node)!,
      deps(node, (e) => (e === node ? undefined : cut(e))),
    )
  }
  return out
}

/** The prefix of a shared call's node id: no name folds to it, and loops reported leave it out. */
const SHARED = '\u0000shared '

function checkLoops(
  parsed: readonly ParsedElement[],
  byId: Map<VarId, Element>,
  issues: Issue[],
  shared?: ReadonlySet<Expr>,
): void {
  // Stocks break every loop: an aux or flow depends on a stock's value, not on its inflows.
  const computed = parsed.filter((p) => p.equation)
  const instant = dependencies(
    computed.map((p) => [p.element.id, p.equation!] as const),
    instantDeps,
    shared,
  )
  const steps = orderByDependencies([...instant.keys()], (id) => instant.get(id) ?? [])
  const nameOf = (id: VarId) => byId.get(id)?.name ?? id
  const real = (cycle: readonly VarId[]) => cycle.filter((id) => !id.startsWith(SHARED))
  const inAlgebraicLoop = new Set<VarId>()
  if (!steps.ok) {
    for (const cycle of steps.cycles) {
      for (const id of cycle) inAlgebraicLoop.add(id)
      const path = real(cycle).reverse().map(nameOf)
      issues.push({
        severity: 'error',
        code: 'algebraic-loop',
        message: `algebraic loop: ${path.join(' -> ')}`,
        element: path[0]!,
        hint: 'every feedback loop needs a stock (or a SMTH/DELAY) to break it',
      })
    }
  }
  // Initial values: stocks' initial equations plus everything they read, all at the start time.
  const initial: (readonly [VarId, Expr])[] = []
  for (const p of parsed) {
    const expr = p.element.kind === 'stock' ? p.initial : p.equation
    if (expr) initial.push([p.element.id, expr])
  }
  const initDeps = dependencies(initial, initialDeps, shared)
  const init = orderByDependencies([...initDeps.keys()], (id) => initDeps.get(id) ?? [])
  if (!init.ok) {
    // A loop already reported as algebraic is not reported again for its initial values.
    for (const cycle of init.cycles.filter((c) => !c.every((id) => inAlgebraicLoop.has(id)))) {
      const path = real(cycle).reverse().map(nameOf)
      issues.push({
        severity: 'error',
        code: 'initial-loop',
        message: `initial values depend on each other in a circle: ${path.join(' -> ')}`,
        element: path[0]!,
        hint: 'give one of these stocks a number as its initial value',
      })
    }
  }
}

function checkUnused(
  model: Model,
  parsed: readonly ParsedElement[],
  byId: ReadonlyMap<VarId, Element>,
  issues: Issue[],
  shared?: ReadonlySet<Expr>,
): void {
  const used = new Set<VarId>()
  // A shared call's ids are read once: at its later visits it stands for an id no element has.
  const visited = new Set<Expr>()
  const cut: Cut | undefined = shared?.size
    ? (e) => (!shared.has(e) ? undefined : visited.has(e) ? SHARED : (visited.add(e), undefined))
    : undefined
  for (const p of parsed) {
    for (const expr of [p.equation, p.initial]) if (expr) for (const id of allDeps(expr, cut)) used.add(id)
  }
  const attached = new Set<VarId>()
  for (const e of model.elements) {
    if (e.kind === 'stock')
      for (const id of [...(e.inflows ?? []), ...(e.outflows ?? [])]) attached.add(byId.has(id) ? id : canonicalId(id))
  }
  for (const e of model.elements) {
    // Stocks and auxiliaries are outputs in their own right; unused inputs are the likely mistakes.
    if (e.kind === 'stock' || e.kind === 'aux' || used.has(e.id)) continue
    if (e.kind === 'flow') {
      if (!attached.has(e.id)) {
        issues.push({
          severity: 'warning',
          code: 'unattached-flow',
          message: 'the flow moves no stock',
          element: e.name,
          hint: 'give it a `from` or `to` stock',
        })
      }
      continue
    }
    issues.push({
      severity: 'warning',
      code: 'unused',
      message: `the ${e.kind} is not used by any equation`,
      element: e.name,
      hint: 'remove it or reference it',
    })
  }
}

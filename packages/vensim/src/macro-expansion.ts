import type { Definition, Equation, Expr, Lhs, Macro, MdlProblem, Pos, Subscript } from './ast.js'
import { displayName, idOf } from './names.js'

/** How deep macros may call macros; a chain this long is a macro calling itself through others. */
const MAX_MACRO_DEPTH = 32
/** How many equations macros may expand to: macros calling macros twice over grow exponentially. */
const MAX_EXPANDED = 200_000

/** Rebuilds an expression bottom-up; `f` sees each node after its children were mapped. */
export function mapVensimExpr(expr: Expr, f: (e: Expr) => Expr): Expr {
  switch (expr.t) {
    case 'unary':
    case 'paren':
      return f({ ...expr, arg: mapVensimExpr(expr.arg, f) })
    case 'binary':
      return f({ ...expr, left: mapVensimExpr(expr.left, f), right: mapVensimExpr(expr.right, f) })
    case 'call':
      return f({ ...expr, args: expr.args.map((a) => mapVensimExpr(a, f)) })
    default:
      return f(expr)
  }
}

const ref = (name: string, pos: Pos, subscripts: readonly Subscript[] = []): Expr => ({
  t: 'ref',
  name,
  subscripts,
  pos,
})

/**
 * Expands every macro call into equations of its own: a call `m(a, b : o)` in the equation of `x`
 * becomes an instance `x.m` holding the macro's inputs (`x.m.in1 = a`) and a copy of its equations
 * (`x.m.m`, its stocks with their own state), the call reads `x.m.m`, and each extra output `o`
 * becomes an equation reading the instance's. Problems (wrong argument counts, a macro calling
 * itself) are added to `problems`. A call in a subscripted equation (`out[Region] = m(in[Region])`)
 * is one instance per element: the instance's variables take the caller's subscripts.
 */
export function expandMacros(
  definitions: readonly Definition[],
  macros: readonly Macro[],
  problems: MdlProblem[],
): Definition[] {
  if (macros.length === 0) return [...definitions]
  const byId = new Map(macros.map((m) => [idOf(m.name), m]))
  const out: Definition[] = []
  const instances = new Map<string, number>()
  let tooMany = false

  const expandEquation = (eq: Equation, stack: readonly string[]): void => {
    if (eq.expr === undefined) {
      out.push(eq)
      return
    }
    const expr = mapVensimExpr(eq.expr, (e) => {
      if (e.t !== 'call') return e
      const macro = byId.get(idOf(e.fn))
      return macro ? instantiate(macro, e, eq.lhs, stack) : e
    })
    out.push({ ...eq, expr })
  }

  const instantiate = (macro: Macro, call: Extract<Expr, { t: 'call' }>, at: Lhs, stack: readonly string[]) => {
    const caller = displayName(at.name)
    const problem = (message: string): Expr => {
      problems.push({ pos: call.pos, variable: caller, message })
      return { t: 'num', value: 0, pos: call.pos }
    }
    const id = idOf(macro.name)
    if (stack.includes(id) || stack.length >= MAX_MACRO_DEPTH)
      return problem(
        `the macro ${macro.name} calls itself (through ${[...stack, id].join(' -> ')}); a macro cannot recurse`,
      )
    if (out.length > MAX_EXPANDED) {
      if (!tooMany)
        problem(
          `the macros expand to more than ${MAX_EXPANDED.toLocaleString('en')} equations; a macro calls others too often`,
        )
      tooMany = true
      return { t: 'num', value: 0, pos: call.pos } as Expr
    }
    if (call.args.length !== macro.inputs.length)
      return problem(`the macro ${macro.name} takes ${macro.inputs.length} inputs, got ${call.args.length}`)
    const outputs = call.outputs ?? []
    if (outputs.length > macro.outputs.length)
      return problem(`the macro ${macro.name} has ${macro.outputs.length} outputs after ":", got ${outputs.length}`)

    const base = `${caller}.${displayName(macro.name)}`
    const count = (instances.get(idOf(base)) ?? 0) + 1
    instances.set(idOf(base), count)
    const prefix = count === 1 ? base : `${base} ${count}`
    const locals = new Set([
      ...macro.inputs.map(idOf),
      ...macro.outputs.map(idOf),
      ...macro.definitions.flatMap((d) => (d.t === 'equation' ? [idOf(d.lhs.name)] : [])),
    ])
    const local = (name: string) => `${prefix}.${displayName(name)}`
    // An arrayed caller's instance is arrayed the same way, its local names read element by element.
    const lhs = (name: string, pos: Pos): Lhs => ({ name, subscripts: at.subscripts, except: at.except, pos })
    const own = (name: string, pos: Pos) => ref(name, pos, at.subscripts)
    const inner = [...stack, id]

    macro.inputs.forEach((input, i) =>
      expandEquation(
        {
          t: 'equation',
          lhs: lhs(local(input), call.pos),
          kind: 'equals',
          expr: call.args[i]!,
          doc: {},
          pos: call.pos,
        },
        stack,
      ),
    )
    for (const d of macro.definitions) {
      if (d.t !== 'equation') {
        problems.push({ pos: d.pos, variable: macro.name, message: 'a macro cannot define subscript ranges' })
        continue
      }
      // Inside a macro, `Time$` and `TIME STEP$` name the model's own variables, not the macro's.
      const rename = (e: Expr): Expr => {
        // A lookup the macro defines is called by its local name too.
        if (e.t === 'call')
          return locals.has(idOf(e.fn)) && !byId.has(idOf(e.fn))
            ? { ...e, fn: local(e.fn), ...(at.subscripts.length > 0 ? { subscripts: at.subscripts } : {}) }
            : e
        if (e.t !== 'ref') return e
        if (e.name.trimEnd().endsWith('$')) return { ...e, name: e.name.trimEnd().slice(0, -1) }
        return locals.has(idOf(e.name)) ? own(local(e.name), e.pos) : e
      }
      expandEquation(
        {
          ...d,
          lhs: d.lhs.subscripts.length > 0 ? { ...d.lhs, name: local(d.lhs.name) } : lhs(local(d.lhs.name), d.lhs.pos),
          ...(d.expr ? { expr: mapVensimExpr(d.expr, rename) } : {}),
        },
        inner,
      )
    }
    outputs.forEach((name, i) =>
      out.push({
        t: 'equation',
        lhs: lhs(name, call.pos),
        kind: 'equals',
        expr: own(local(macro.outputs[i]!), call.pos),
        doc: { comment: `output ${macro.outputs[i]} of the macro ${macro.name}` },
        pos: call.pos,
      }),
    )
    return own(local(macro.name), call.pos)
  }

  for (const d of definitions) {
    if (d.t === 'equation') expandEquation(d, [])
    else out.push(d)
  }
  return out
}

import { canonicalId, formatIssue, parseEquation, StockflowError } from '@stockflow/model'
import type { Element, Expr, LookupMode, Model } from '@stockflow/model'
import { applyBinary, applyUnary, constantValue, resolveDimensions } from '@stockflow/model/internal'
import type { Dimensions, ResolvedDimension } from '@stockflow/model/internal'
import { controlSection, withMethod } from './export-control.js'
import { subscriptRanges } from './export-dimensions.js'
import type { PrintContext } from './export-expression.js'
import type { LookupCall } from './export-lookups.js'
import { lookupCalls } from './export-lookups.js'
import { vensimName } from './export-names.js'
import { flowLimits } from './export-non-negative.js'
import { sketchSection } from './export-sketch.js'
import { elementDefinitions } from './export-variables.js'
import { CONTROL_NAMES } from './names.js'

/**
 * The model as a Vensim `.mdl` file, which `importMdl` (and Vensim, and SDEverywhere) read back with
 * the same run.
 *
 * - `{UTF-8}`, the dimensions as subscript ranges (subranges by their elements, `<->` aliases, `->`
 *   mappings), then every element in model order as `Name[subs] = expr ~ units [min,max] ~ doc |`: an
 *   arrayed one as its apply-to-all equation with `:EXCEPT:` the elements that have their own, then
 *   each of those; stocks as `INTEG(inflows - outflows, initial)`, parameters as numbers, lookups as
 *   `Name([(xmin,ymin)-(xmax,ymax)],(x1,y1),...)`, graphical functions as `WITH LOOKUP`.
 * - Equations in Vensim's syntax and functions (export-expression.ts, export-functions.ts); a lookup
 *   with a mode is called through LOOKUP FORWARD/BACKWARD/EXTRAPOLATE; uniflows and the outflows of
 *   non-negative stocks carry their limits in their equations (export-non-negative.ts).
 * - The `.Control` section with the clock, and the sketch, whose settings say the integration method.
 *
 * Throws a one-line StockflowError naming the element and the construct when Vensim cannot express
 * something (PREVIOUS, STDDEV, an inflow of a non-negative stock that may turn negative, ...).
 */
export function exportMdl(model: Model): string {
  return new MdlWriter(model).document()
}

class MdlWriter {
  private readonly byId = new Map<string, Element>()
  private readonly dims: Dimensions
  private readonly calls: Map<string, LookupCall>
  private readonly copies: Set<string>
  /** Lookups the export makes (a graphical function read in a mode): name, mode, dimensions. */
  private readonly extras = new Map<string, { name: string; mode?: LookupMode; dims?: readonly string[] }>()
  private readonly taken = new Set<string>()
  private readonly print: PrintContext

  constructor(private readonly model: Model) {
    const issues: Parameters<typeof resolveDimensions>[1] = []
    this.dims = resolveDimensions(model, issues)
    const errors = issues.filter((i) => i.severity === 'error')
    if (errors.length > 0)
      throw new StockflowError(`model "${model.name}": its dimensions cannot be written: ${formatIssue(errors[0]!)}`)
    for (const e of model.elements) if (!this.byId.has(e.id)) this.byId.set(e.id, e)
    for (const id of [...this.byId.keys(), ...this.dims.all.map((d) => d.id)]) this.taken.add(id)
    ;({ calls: this.calls, copies: this.copies } = lookupCalls(model.elements))
    this.print = {
      dims: this.dims,
      elementName: (id) => this.elementName(id),
      dimensionsOf: (id) => this.dimensionsOf(id),
      lookupCall: (id) => this.lookupCall(id),
      env: { time: model.time, constant: (e) => this.constant(e) },
    }
  }

  document(): string {
    const m = this.model
    const limits = flowLimits(m, (e) => this.elementConstant(e))
    const variables = m.elements.flatMap((e) => {
      // The clock is the control section's; a lookup copied in a mode is its original's calls.
      if (CONTROL_NAMES.has(e.id) || this.copies.has(e.id) || this.byId.get(e.id) !== e) return []
      return elementDefinitions(e, {
        model: m.name,
        dims: this.dims,
        print: this.print,
        limits,
        extraLookup: (base, mode, dims) => this.extraLookup(base, mode, dims),
      })
    })
    const sections = [
      '{UTF-8}\n',
      ...subscriptRanges(m.dimensions ?? []),
      ...variables,
      controlSection(m.time, m.name),
      withMethod(sketchSection(m), m.time.method),
    ]
    return sections.join('\n')
  }

  private elementName(id: string): string | undefined {
    const e = this.byId.get(id)
    if (e) return CONTROL_NAMES.has(id) ? id.replace(/_/g, ' ').toUpperCase() : vensimName(e.name)
    const extra = this.extras.get(id)
    return extra ? vensimName(extra.name) : undefined
  }

  private dimensionsOf(id: string): readonly ResolvedDimension[] | undefined {
    const names = this.byId.get(id)?.dimensions ?? this.extras.get(id)?.dims
    if (!names || names.length === 0) return undefined
    return names.flatMap((n) => this.dims.get(n) ?? [])
  }

  private lookupCall(id: string): LookupCall {
    const known = this.calls.get(id)
    if (known) return known
    const extra = this.extras.get(id)
    if (extra) return { table: vensimName(extra.name), ...(extra.mode ? { mode: extra.mode } : {}) }
    const e = this.byId.get(id)
    throw new StockflowError(`model "${this.model.name}": "${e?.name ?? id}" is called like a lookup, but is none`)
  }

  /** A lookup of the export's own, named from `base` unless an extra of the same owner has the name already. */
  private extraLookup(base: string, mode: LookupMode | undefined, dims: readonly string[] | undefined): string {
    const id = canonicalId(base)
    if (this.extras.has(id)) return id
    if (this.taken.has(id))
      throw new StockflowError(
        `model "${this.model.name}": a graphical function of "${base.replace(/ lookup( \d+)?$/, '')}" needs a lookup named "${base}", which the model already uses; rename that element`,
      )
    this.taken.add(id)
    this.extras.set(id, { name: base, ...(mode ? { mode } : {}), ...(dims ? { dims } : {}) })
    return id
  }

  /** The value of an expression made of numbers and scalar parameters, if it is one. */
  private constant(e: Expr): number | undefined {
    switch (e.type) {
      case 'num':
        return e.value
      case 'unary': {
        const a = this.constant(e.arg)
        return a === undefined ? undefined : applyUnary(e.op, a)
      }
      case 'binary': {
        const a = this.constant(e.left)
        const b = this.constant(e.right)
        return a === undefined || b === undefined ? undefined : applyBinary(e.op, a, b)
      }
      case 'ref': {
        const p = this.byId.get(e.id)
        return p?.kind === 'param' && !p.dimensions?.length && !e.subs ? p.value : undefined
      }
      default:
        return undefined
    }
  }

  /** An element's value when its equation is a number. */
  private elementConstant(e: Element): number | undefined {
    if (e.kind === 'param') return e.perElement?.length ? undefined : e.value
    if ((e.kind !== 'aux' && e.kind !== 'flow') || e.graph || e.perElement?.length) return undefined
    try {
      return constantValue(parseEquation(e.equation))
    } catch {
      return undefined
    }
  }
}

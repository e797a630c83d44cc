import type { MathJsInstance, Unit } from 'mathjs'
import type * as MathJs from 'mathjs'
import type { UnitFactors } from './units-parse.js'

/** A dimension: a mathjs Unit of value 1 over the model's own base units, one per unit name. */
export type Dimension = Unit

/** What the mathjs bundle exports (the same names as the package's modules). */
type MathModule = Pick<typeof MathJs, 'create' | 'createUnitDependencies' | 'unitDependencies'>

/** Powers closer to zero than this are zero (halves and thirds of powers add up with rounding). */
const EPS = 1e-9

/**
 * Unit algebra over mathjs in which every unit name the model uses is a new base dimension. Names are
 * mapped to generated mathjs unit names and created as base units, so `m`, `s`, `year` or `minute`
 * never take mathjs's physical meaning or conversions: `km` is not 1000 `m`, `minute` is not 60 `s`.
 * mathjs does the products, quotients, powers and comparisons.
 */
export class UnitAlgebra {
  private readonly bases = new Map<string, Dimension>()
  /** The modeler's name of each mathjs base dimension we created, by its index in the dimension vector. */
  private readonly names = new Map<number, string>()
  private readonly byIndex = new Map<number, Dimension>()
  private readonly spellings = new Map<string, string>()
  readonly one: Dimension

  private constructor(private readonly math: MathJsInstance) {
    // A Unit with no name is mathjs's dimensionless unit; its types insist on a name.
    this.one = new (math.Unit as unknown as new (value: number) => Unit)(1)
  }

  /**
   * A fresh algebra. mathjs with units is loaded on first use, not at import, and from its one-file
   * bundle: its ES modules take one to three seconds to load here (about 900 files), the bundle about a
   * tenth of that, and `stockflow run` and the viewer pay nothing.
   */
  static async load(): Promise<UnitAlgebra> {
    // @ts-expect-error the bundle has no declarations of its own; it is the same mathjs, typed below.
    const loaded = (await import('mathjs/lib/browser/math.js')) as MathModule | { default: MathModule }
    const { create, createUnitDependencies, unitDependencies } = 'default' in loaded ? loaded.default : loaded
    // A private instance per check: the base units created for one model never leak into another.
    return new UnitAlgebra(create({ createUnitDependencies, unitDependencies }) as MathJsInstance)
  }

  /** Remembers how the modeler spelled a unit name (`degF` rather than the key `degf`), first wins. */
  spell(key: string, spelling: string): void {
    if (!this.spellings.has(key)) this.spellings.set(key, spelling)
  }

  /** The dimension of parsed unit factors. */
  fromFactors(factors: UnitFactors): Dimension {
    let out = this.one
    for (const [name, power] of factors) out = this.multiply(out, this.pow(this.base(name), power))
    return out
  }

  multiply(a: Dimension, b: Dimension): Dimension {
    return this.normalize(a.multiply(b))
  }

  divide(a: Dimension, b: Dimension): Dimension {
    return this.normalize(a.divide(b))
  }

  pow(a: Dimension, power: number): Dimension {
    return this.normalize((a.pow as unknown as (p: number) => Unit | number)(power))
  }

  equal(a: Dimension, b: Dimension): boolean {
    return a.equalBase(b)
  }

  /** How many unit names a dimension has: `money*year/units` has 3. */
  countNames(a: Dimension): number {
    return a.dimensions.filter((d) => Math.abs(d) >= EPS).length
  }

  isDimensionless(a: Dimension): boolean {
    return a.dimensions.every((d) => Math.abs(d) < EPS)
  }

  /** SD text for a dimension: `money*year/units`, `units/year^2`, `1/year`, and `1` when dimensionless. */
  format(a: Dimension): string {
    const up: string[] = []
    const down: string[] = []
    a.dimensions.forEach((d, i) => {
      if (Math.abs(d) < EPS) return
      const name = this.names.get(i) ?? `?${i}`
      const p = Math.abs(d)
      const text = Math.abs(p - 1) < EPS ? name : `${name}^${formatPower(p)}`
      ;(d > 0 ? up : down).push(text)
    })
    const top = up.length ? up.join('*') : '1'
    if (!down.length) return top
    return `${top}/${down.length > 1 ? `(${down.join('*')})` : down[0]}`
  }

  /** The base unit of a name, created on first use under a generated name mathjs cannot confuse. */
  private base(key: string): Dimension {
    const hit = this.bases.get(key)
    if (hit) return hit
    const Unit = this.math.Unit
    let generated = `sfunit${this.bases.size}`
    while (Object.prototype.hasOwnProperty.call(Unit.UNITS, generated)) generated += 'x'
    this.math.createUnit(generated)
    const unit = new Unit(1, generated)
    const index = Unit.BASE_DIMENSIONS.length - 1
    this.names.set(index, this.spellings.get(key) ?? key)
    this.byIndex.set(index, unit)
    this.bases.set(key, unit)
    return unit
  }

  /**
   * Rebuilds a result from its dimension vector, one component per base: mathjs returns a plain number
   * for a dimensionless result and keeps cancelled components (`a/b*b`), which would pile up.
   */
  private normalize(r: Unit | number): Dimension {
    if (typeof r === 'number') return this.one
    let out = this.one
    r.dimensions.forEach((d, i) => {
      if (Math.abs(d) < EPS) return
      // Only our own bases ever get a power: the physical dimensions mathjs knows are never used.
      const base = this.byIndex.get(i)
      if (!base) throw new Error(`unit algebra: dimension ${i} is not one of the model's units`)
      const raised = Math.abs(d - 1) < EPS ? base : (base.pow as unknown as (p: number) => Unit)(round(d))
      out = out === this.one ? raised : (out.multiply(raised) as Unit)
    })
    return out
  }
}

/** Snaps a power to the nearest multiple of 1/12 when it is that close (a third plus a sixth is a half). */
function round(p: number): number {
  const r = Math.round(p * 12) / 12
  return Math.abs(r - p) < EPS ? r : p
}

function formatPower(p: number): string {
  return Number.isInteger(p) ? String(p) : `(${Number(p.toPrecision(6))})`
}

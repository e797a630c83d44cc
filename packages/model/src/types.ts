import type { VarId, VarName } from './id.js'

/** Equation text in stockflow syntax (mathjs expressions, names underscored or double-quoted). */
export type EquationText = string

/** Integration method names. */
export type MethodName = 'euler' | 'rk2' | 'rk4' | 'adaptive'

/** The simulation clock. `saveper` defaults to `dt`. */
export interface TimeSpec {
  readonly start: number
  readonly stop: number
  readonly dt: number
  readonly saveper?: number
  readonly units?: string
  readonly method?: MethodName
}

interface ElementBase {
  readonly name: VarName
  readonly id: VarId
  readonly units?: string
  readonly doc?: string
  readonly min?: number
  readonly max?: number
  /**
   * Makes the variable an array over these dimensions (names from `Model.dimensions`), one value per
   * combination of their elements. Its main equation (`equation`, `initial`, `value`, a lookup's points)
   * then holds for every element (apply-to-all) except those `perElement` defines.
   */
  readonly dimensions?: readonly string[]
  /**
   * Equations of an arrayed variable for some of its elements (Vensim's per-element equations and
   * `:EXCEPT:`, XMILE's `<element subscript=...>`). Each element takes at most one; the rest take the
   * main equation, which may be empty (`''`, or no points) when these cover every element.
   */
  readonly perElement?: readonly ElementEquation[]
}

/**
 * The equation of some elements of an arrayed variable. `subscripts` has one entry per dimension of the
 * variable: an element's name, a subrange's name, or the dimension's own name (all its elements).
 */
export interface ElementEquation {
  readonly subscripts: readonly string[]
  /** A stock's initial value, an auxiliary's or flow's equation, a parameter's value as text. */
  readonly equation?: EquationText
  /** A lookup's points for these elements, or an auxiliary's or flow's graphical function. */
  readonly graph?: GraphicalFunction
}

/**
 * A named, ordered set of elements that variables may be arrayed over (regions, age cohorts). A
 * numeric dimension (XMILE `size="3"`, Vensim `(1-3)`) has the elements `"1"`, `"2"`, `"3"`.
 */
export interface Dimension {
  readonly name: string
  readonly elements: readonly string[]
  /**
   * For a subrange: the dimension its elements belong to. A variable over the parent, read with the
   * subrange's name, means the elements of the subrange.
   */
  readonly parent?: string
  /** Other names for this same dimension (Vensim's `<->` equivalence). */
  readonly aliases?: readonly string[]
  /** How this dimension's elements stand for another dimension's (Vensim's `->`). */
  readonly mappings?: readonly DimensionMapping[]
}

/**
 * A mapping from this dimension to dimension `to`: positional when `elements` is absent, otherwise
 * `elements[i]` is the element (or subrange) of `to` that this dimension's i-th element stands for.
 */
export interface DimensionMapping {
  readonly to: string
  readonly elements?: readonly string[]
}

/** An accumulation. `initial` may reference other variables (chained initialisation). */
export interface Stock extends ElementBase {
  readonly kind: 'stock'
  readonly initial: EquationText
  readonly inflows: readonly VarId[]
  readonly outflows: readonly VarId[]
  /** Clamp so the stock never goes below zero (XMILE `non_negative`). */
  readonly nonNegative?: boolean
}

/**
 * How a lookup reads between and beyond its points: `continuous` interpolates and holds the end
 * values, `extrapolate` continues the end segments, `discrete` holds each y until the next point
 * (Vensim's LOOKUP BACKWARD), `forward` takes the next point's y from just after each point (Vensim's
 * LOOKUP FORWARD).
 */
export type LookupMode = 'continuous' | 'extrapolate' | 'discrete' | 'forward'

/** Points of a graphical function (x increasing) and how to read between and beyond them. */
export interface GraphicalFunction {
  readonly x: readonly number[]
  readonly y: readonly number[]
  readonly mode?: LookupMode
}

/** A rate that fills or drains stocks; stocks name their flows. */
export interface Flow extends ElementBase {
  readonly kind: 'flow'
  readonly equation: EquationText
  /** A uniflow: negative values are clamped to zero. */
  readonly nonNegative?: boolean
  /** When present, the flow is this graphical function of its equation (XMILE `<gf>` inside a flow). */
  readonly graph?: GraphicalFunction
}

/** An auxiliary: computed from other variables at every step. */
export interface Aux extends ElementBase {
  readonly kind: 'aux'
  readonly equation: EquationText
  /** When present, the value is this graphical function of the equation (XMILE `<gf>` inside an aux). */
  readonly graph?: GraphicalFunction
}

/** A constant the user may change between runs (sliders, `--set`, scenarios). */
export interface Param extends ElementBase {
  readonly kind: 'param'
  readonly value: number
}

/** A graphical function, called in equations like a function: `effect_of_price(relative_price)`. */
export interface Lookup extends ElementBase, GraphicalFunction {
  readonly kind: 'lookup'
}

/** Every kind of model element. */
export type Element = Stock | Flow | Aux | Param | Lookup

/** The kinds of element, as their `kind` tags. */
export type ElementKind = Element['kind']

/** A named set of parameter values, e.g. a policy scenario. Keys are names or ids. */
export interface Scenario {
  readonly id: string
  readonly name?: string
  readonly doc?: string
  readonly set: Readonly<Record<string, number>>
}

/** A feedback loop the modeler named, with its variables in causal order. */
export interface NamedLoop {
  readonly id: string
  readonly name: string
  readonly polarity: 'reinforcing' | 'balancing'
  readonly variables: readonly VarName[]
  readonly story?: string
}

/**
 * Where one thing sits in a diagram: an element's own symbol, an alias of it, or a cloud. `x`, `y` is
 * the centre (a flow's: its valve).
 */
export interface ViewItem {
  /** The element drawn; for a cloud, the flow whose pipe starts or ends in it. */
  readonly id: VarId
  readonly x: number
  readonly y: number
  readonly width?: number
  readonly height?: number
  /** A flow's pipe: the points of its path, from the source's end to the sink's (a cloud's centre, a stock's edge). */
  readonly points?: readonly (readonly [number, number])[]
  /**
   * Absent: the element itself, once per view. `alias`: the element drawn again elsewhere so connectors
   * stay short (Vensim's shadow or ghost variable, XMILE's `<alias>`). `cloud`: a source or sink of flow
   * `id` beyond the model's boundary.
   */
  readonly kind?: 'alias' | 'cloud'
  /** Names an alias for the view's links; unique in its view. */
  readonly uid?: number
}

/** A connector as the author drew it: `to` reads `from`. */
export interface ViewLink {
  /** Element ids of its ends. */
  readonly from: VarId
  readonly to: VarId
  /** The `uid` of the alias the link leaves, when it leaves an alias rather than the element's own item. */
  readonly fromAlias?: number
  /** The `uid` of the alias the link enters, likewise. */
  readonly toAlias?: number
  /** Points it passes through: one bends it into an arc through that point, several make a polyline; none, straight. */
  readonly points?: readonly (readonly [number, number])[]
  /** The polarity mark the author put on it. */
  readonly polarity?: '+' | '-'
}

/** Diagram positions, as kept by XMILE `<views>` and Vensim's sketch. */
export interface View {
  readonly name?: string
  readonly items: readonly ViewItem[]
  /** The connectors drawn; absent, a diagram draws one per dependency between the items. */
  readonly links?: readonly ViewLink[]
}

/** A whole model: plain data that survives JSON. */
export interface Model {
  readonly name: string
  readonly doc?: string
  readonly time: TimeSpec
  /** Dimensions arrayed variables range over; absent or empty in a model without arrays. */
  readonly dimensions?: readonly Dimension[]
  readonly elements: readonly Element[]
  readonly scenarios?: readonly Scenario[]
  readonly loops?: readonly NamedLoop[]
  readonly views?: readonly View[]
}

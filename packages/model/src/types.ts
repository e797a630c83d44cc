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

/** Where one element sits in a diagram. */
export interface ViewItem {
  readonly id: VarId
  readonly x: number
  readonly y: number
  readonly width?: number
  readonly height?: number
  /** Flow pipes and connectors: the points of the path. */
  readonly points?: readonly (readonly [number, number])[]
}

/** Diagram positions, as kept by XMILE `<views>`. */
export interface View {
  readonly name?: string
  readonly items: readonly ViewItem[]
}

/** A whole model: plain data that survives JSON. */
export interface Model {
  readonly name: string
  readonly doc?: string
  readonly time: TimeSpec
  readonly elements: readonly Element[]
  readonly scenarios?: readonly Scenario[]
  readonly loops?: readonly NamedLoop[]
  readonly views?: readonly View[]
}

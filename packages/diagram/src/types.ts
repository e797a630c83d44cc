/** Public data types of @stockflow/diagram: plain inputs and the layouts the renderers return. */
import type { View } from '@stockflow/model'

/** A point in SVG user units (x to the right, y down). */
export interface Point {
  readonly x: number
  readonly y: number
}

/** The sign of a causal link: `+` same direction, `-` opposite, `mixed` both along a run. */
export type LinkSign = '+' | '-' | 'mixed'

/** A causal link to draw. `from`/`to` are element ids or display names. Structurally matches `@stockflow/loops`' `LoopLink`. */
export interface CldLinkInput {
  readonly from: string
  readonly to: string
  /** Omitted: the sign is unknown and no `+`/`-` is drawn. */
  readonly polarity?: LinkSign
  /** Drawn with a delay mark (two short strokes across the arrow). */
  readonly delayed?: boolean
}

/**
 * A feedback loop to mark. Structurally matches both `@stockflow/model`'s `NamedLoop` (variables are
 * display names, in causal order, possibly skipping intermediate ones) and `@stockflow/loops`' `Loop`.
 */
export interface LoopInfo {
  readonly id: string
  readonly name?: string
  readonly polarity: 'reinforcing' | 'balancing'
  /** Ids or display names in causal order; consecutive ones need not be adjacent in the diagram. */
  readonly variables: readonly string[]
}

/** Options of `renderCld`. */
export interface CldOptions {
  /** Links with polarity (e.g. from `@stockflow/loops`); default: the model's dependency graph. */
  readonly links?: readonly CldLinkInput[]
  /** Loops to mark with `R1`/`B2` at their centre; default: the model's named loops (`model.loops`). */
  readonly loops?: readonly LoopInfo[]
  /** Id of a loop (in `loops`) whose links and nodes are highlighted. */
  readonly highlight?: string
  /**
   * Which variables get a node: `all` stocks, flows and auxiliaries (default); `loops`, the stocks and the
   * variables of `loops`; or a list of ids/names. A path through hidden variables becomes one link (its
   * sign the product along it); with `loops`, only the paths the loops run along are kept.
   */
  readonly nodes?: 'all' | 'loops' | readonly string[]
  /** Show parameters as nodes too (default false; with `nodes: 'all'`). */
  readonly params?: boolean
  /** Layered layout direction (default `LR`, left to right). */
  readonly direction?: 'LR' | 'TB'
  /** `width`/`height` attributes of the `<svg>`; the viewBox always spans the whole layout. */
  readonly width?: number
  readonly height?: number
  /** A title drawn at the top-left (escaped). */
  readonly title?: string
}

/** One node of a causal-loop diagram; `x`, `y` is its centre. */
export interface CldNodeLayout {
  readonly id: string
  readonly name: string
  readonly kind: 'stock' | 'flow' | 'aux' | 'param'
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  /** Text lines of the wrapped display name. */
  readonly lines: readonly string[]
  readonly highlighted: boolean
}

/**
 * One drawn link: a smooth curve through `points` (start on the source's boundary, routed corners, tip
 * on the target's boundary; see LAYOUT.md), `path` being its SVG path data.
 */
export interface CldLinkLayout {
  readonly from: string
  readonly to: string
  readonly polarity?: LinkSign
  readonly delayed: boolean
  /** Hidden variables this link stands for (condensed views), in causal order. */
  readonly via: readonly string[]
  readonly points: readonly Point[]
  readonly path: string
  /** Where the `+`/`-` sits, beside the arrowhead. */
  readonly label: Point
  readonly highlighted: boolean
}

/** A loop marker (`R1` with a circular arrow) at the centroid of its nodes. */
export interface LoopMarkerLayout {
  readonly id: string
  readonly name?: string
  readonly polarity: 'reinforcing' | 'balancing'
  readonly x: number
  readonly y: number
  readonly r: number
  /** Direction of the circular arrow: the way the loop turns through its nodes on screen. */
  readonly clockwise: boolean
  /** Ids of the loop's variables that are drawn. */
  readonly nodes: readonly string[]
  /** `from->to` keys of the links the loop runs along. */
  readonly links: readonly string[]
  readonly highlighted: boolean
}

/** Where everything in a causal-loop diagram sits (SVG user units, viewBox `0 0 width height`). */
export interface CldLayout {
  readonly width: number
  readonly height: number
  readonly nodes: readonly CldNodeLayout[]
  readonly links: readonly CldLinkLayout[]
  readonly loops: readonly LoopMarkerLayout[]
}

/** A rendered diagram: the SVG document as a string and the geometry behind it. */
export interface Rendered<L> {
  readonly svg: string
  readonly layout: L
}

/** Options of `renderStockFlow`. */
export interface StockFlowOptions {
  /** Index into `model.views` to take positions from (default 0); ignored without views. */
  readonly view?: number
  /** Force the automatic layout even when the model has views. */
  readonly autoLayout?: boolean
  /**
   * Positions to draw at instead of `model.views[view]` (a view the user arranged, kept beside the
   * model); it wins over `view` and `autoLayout`.
   */
  readonly arranged?: View
  /** Show parameters (default true). */
  readonly params?: boolean
  /**
   * Draw only these variables (ids or names; parameters among them too). A flow whose stock is left
   * out ends in a cloud; connectors join drawn variables only. Default: every variable.
   */
  readonly nodes?: readonly string[]
  /** Draw connectors (information links) between variables (default true). */
  readonly connectors?: boolean
  /**
   * Width over height the automatic layout of a large model aims for (default 1.6, a desktop panel's);
   * small models are laid out along their pipes whatever their shape.
   */
  readonly aspect?: number
  readonly width?: number
  readonly height?: number
  readonly title?: string
}

/**
 * A variable's box (stock), valve (flow) or circle (aux, param, and a lookup a view places); `x`, `y` is
 * its centre. An alias is the variable drawn again, as its name in angle brackets: its box is the text's.
 */
export interface StockFlowNodeLayout {
  readonly id: string
  readonly name: string
  readonly kind: 'stock' | 'flow' | 'aux' | 'param' | 'lookup'
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  /** An alias (a Vensim shadow variable) of element `id`, drawn after the elements. */
  readonly alias?: true
  /** The alias's `uid` in its view. */
  readonly uid?: number
}

/** A flow pipe: a polyline from its source (stock or cloud) to its sink, with the valve on it. */
export interface PipeLayout {
  readonly flow: string
  /** Stock ids at either end; undefined where the pipe ends in a cloud. */
  readonly from?: string
  readonly to?: string
  readonly points: readonly Point[]
  readonly valve: Point
}

/** A cloud: the source or sink outside the model's boundary. */
export interface CloudLayout {
  readonly flow: string
  readonly end: 'from' | 'to'
  readonly x: number
  readonly y: number
}

/** An information link from one variable to another that reads it. */
export interface ConnectorLayout {
  readonly from: string
  readonly to: string
  readonly start: Point
  readonly control: Point
  readonly end: Point
  /** The polarity the view's author marked on it. */
  readonly polarity?: '+' | '-'
}

/** Where everything in a stock-and-flow diagram sits. */
export interface StockFlowLayout {
  readonly width: number
  readonly height: number
  /**
   * `view` when positions came from `model.views` (its aliases, clouds and, when it has links, its
   * connectors as drawn), `auto` otherwise.
   */
  readonly source: 'view' | 'auto'
  readonly nodes: readonly StockFlowNodeLayout[]
  readonly pipes: readonly PipeLayout[]
  readonly clouds: readonly CloudLayout[]
  readonly connectors: readonly ConnectorLayout[]
}

/**
 * A run's series: a record keyed by display name or id, or a list of named series (a solver `Run`'s
 * `series` fits as it is). Names match case-insensitively, spaces and underscores alike.
 */
export type SeriesSet =
  | Readonly<Record<string, ArrayLike<number>>>
  | readonly { readonly name: string; readonly id?: string; readonly values: ArrayLike<number> }[]

/**
 * Percentile bands of one variable over time (`@stockflow/experiments`' `Ensemble.bands(name)` fits as
 * it is). A time where any of them is NaN (no run got there) leaves a gap.
 */
export interface PercentileBands {
  /** Save times of the bands; default: the chart's `times`. */
  readonly time?: ArrayLike<number>
  readonly p5: ArrayLike<number>
  readonly p25: ArrayLike<number>
  readonly p50: ArrayLike<number>
  readonly p75: ArrayLike<number>
  readonly p95: ArrayLike<number>
}

/** Bands drawn behind the runs: 5–95% and 25–75% shaded, the median as a dashed line. */
export interface TrajectoryBands {
  /** What the bands are, for the legend (e.g. `Monte Carlo, 200 runs`). */
  readonly label: string
  /** Bands per variable, keyed like run series (name or id); a panel without bands draws none. */
  readonly series: Readonly<Record<string, PercentileBands>>
  /** Fill and median colour; default: the first run's colour (bands usually surround the current run). */
  readonly color?: string
}

/**
 * A panel of the trajectories: a variable, or an arrayed variable whose `elements` are drawn as a line
 * each (series keyed by the element's `name`, `Infected[north]`), with a legend of their `label`s.
 */
export interface TrajectoryVariable {
  readonly name: string
  readonly units?: string
  readonly elements?: readonly { readonly name: string; readonly label: string }[]
  /** Elements drawn as stacked areas (an arrayed stock's parts of a whole), when none is negative. */
  readonly stacked?: boolean
}

/** Runs to plot: shared save times, one series per variable per run. */
export interface TrajectoryData {
  readonly times: ArrayLike<number>
  /** `color`: the run's lines and legend swatch (default: a categorical colour by position). */
  readonly runs: readonly { readonly label: string; readonly series: SeriesSet; readonly color?: string }[]
  /** One panel per variable, in this order. */
  readonly variables: readonly TrajectoryVariable[]
  readonly timeUnits?: string
  /** Percentile bands (of a Monte Carlo, say), drawn behind the runs and counted in the value axes. */
  readonly bands?: TrajectoryBands
}

/** Options of `renderTrajectories`. */
export interface TrajectoryOptions {
  /** Total width (default 960). */
  readonly width?: number
  /** Panels per row (default: up to 3). */
  readonly columns?: number
  /** Height of one panel including its axes (default 220). */
  readonly panelHeight?: number
  readonly title?: string
}

/** One small multiple; `x`, `y`, `width`, `height` is its plot area, with the domains it shows. */
export interface PanelLayout {
  readonly variable: string
  readonly units?: string
  /** An arrayed variable's elements drawn in the panel (series names), in legend order. */
  readonly elements?: readonly string[]
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  readonly xDomain: readonly [number, number]
  readonly yDomain: readonly [number, number]
}

/** Where the panels and the legend of a chart sit. */
export interface ChartLayout {
  readonly width: number
  readonly height: number
  readonly panels: readonly PanelLayout[]
  /** Legend entries and the colour of each. */
  readonly legend: readonly { readonly label: string; readonly color: string }[]
}

/** Loop scores over time, e.g. `@stockflow/loops`' `Dominance` (`relative` scores) mapped per loop. */
export interface DominanceData {
  readonly times: ArrayLike<number>
  readonly loops: readonly {
    readonly id: string
    readonly name?: string
    /** The legend's text (default: the id, then the name). */
    readonly label?: string
    /** Fill or stroke (default: a warm shade for reinforcing loops, a cool one for balancing). */
    readonly color?: string
    readonly polarity: 'reinforcing' | 'balancing'
    /** Relative loop scores in [-1, 1] (NaN where undefined); drawn by magnitude, R up and B down. */
    readonly scores: ArrayLike<number>
  }[]
  readonly timeUnits?: string
}

/** Options of `renderDominance`. */
export interface DominanceOptions {
  /** `area`: stacked areas, R above and B below zero (default); `line`: one line per loop. */
  readonly mode?: 'area' | 'line'
  readonly width?: number
  readonly height?: number
  readonly title?: string
}

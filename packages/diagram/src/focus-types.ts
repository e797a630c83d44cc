/** Data types of the focus views: a variable's causes or uses tree, and one loop drawn alone as a circle. */
import type { ElementKind } from '@stockflow/model'
import type { CldLinkInput, LinkSign, Point } from './types.js'

/** One variable of a tree and the variables it branches to (its causes, or its uses). */
export interface TreeNodeInput {
  readonly id: string
  readonly name: string
  readonly kind: ElementKind
  /** Shown elsewhere in the tree already: drawn in grey, not expanded again. */
  readonly repeated?: boolean
  /** It has branches beyond the tree's depth (drawn with a trailing mark). */
  readonly more?: boolean
  readonly children: readonly {
    /** The sign of the link between the two (from cause to effect). */
    readonly polarity?: LinkSign
    readonly delayed?: boolean
    readonly node: TreeNodeInput
  }[]
}

/** A tree to draw: `causes` grows leftwards from the root on the right, `uses` rightwards from the left. */
export interface TreeData {
  readonly root: TreeNodeInput
  readonly direction: 'causes' | 'uses'
}

/** Options of `renderTree` and `renderLoopCircle`. */
export interface FocusOptions {
  /** `width`/`height` attributes of the `<svg>`; the viewBox always spans the whole drawing. */
  readonly width?: number
  readonly height?: number
  /** A title drawn at the top-left (escaped). */
  readonly title?: string
}

/** A drawn variable of a focus view; `x`, `y` is its centre. */
export interface FocusNodeLayout {
  readonly id: string
  readonly name: string
  readonly kind: ElementKind
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  /** Depth in a tree (the root is 0); position along the loop in a loop view. */
  readonly depth: number
  readonly repeated: boolean
}

/** A drawn arrow of a focus view, from cause to effect. */
export interface FocusLinkLayout {
  readonly from: string
  readonly to: string
  readonly polarity?: LinkSign
  readonly delayed: boolean
  readonly points: readonly Point[]
  /** Where the sign goes; default beside the arrowhead. */
  readonly label?: Point
}

/** Where everything in a tree sits (SVG user units, viewBox `0 0 width height`). */
export interface TreeLayout {
  readonly width: number
  readonly height: number
  readonly direction: 'causes' | 'uses'
  readonly nodes: readonly FocusNodeLayout[]
  readonly links: readonly FocusLinkLayout[]
}

/** One loop to draw alone, with its links (by id, in any order) and, optionally, its score over the run. */
export interface LoopCircleData {
  readonly id: string
  readonly name?: string
  readonly polarity: 'reinforcing' | 'balancing'
  /** The loop's variables in causal order. */
  readonly nodes: readonly { readonly id: string; readonly name: string; readonly kind: ElementKind }[]
  /** Links between consecutive variables; a missing one is drawn unsigned. */
  readonly links: readonly CldLinkInput[]
  /** The loop's relative LTM score over time (in [-1, 1], NaN where undefined). */
  readonly scores?: { readonly times: ArrayLike<number>; readonly values: ArrayLike<number> }
  readonly timeUnits?: string
}

/** Where everything in a loop view sits: the circle, its nodes and links, and the score chart below. */
export interface LoopCircleLayout {
  readonly width: number
  readonly height: number
  readonly center: Point
  readonly radius: number
  readonly nodes: readonly FocusNodeLayout[]
  readonly links: readonly FocusLinkLayout[]
  /** The score chart's plot area, when scores were given. */
  readonly chart?: { readonly x: number; readonly y: number; readonly width: number; readonly height: number }
}

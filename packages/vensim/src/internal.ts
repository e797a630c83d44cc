/**
 * @stockflow/vensim/internal: helpers of `.mdl` import for sibling packages, with no stability promise.
 */
export { formatProblem, where } from './errors.js'
export type { SketchResolve, SketchResult } from './sketch.js'
export { readSketch } from './sketch.js'

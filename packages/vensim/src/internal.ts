/**
 * @stockflow/vensim/internal: helpers of `.mdl` import for sibling packages, with no stability promise.
 */
export { formatProblem, where } from './errors.js'

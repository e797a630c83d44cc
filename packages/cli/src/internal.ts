/**
 * @stockflow/cli/internal: the reader of the test-model corpus's canonical outputs, which the
 * repository's own tests share with `stockflow conformance`. No stability promise.
 */
export type { CanonicalColumn, CanonicalTable } from './canonical.js'
export { readCanonical, withinTolerance } from './canonical.js'
// `stockflow view --watch` type-checks in a worker thread, which imports the checker from this entry.
export { formatTypeDiagnostic, typecheckModel } from './typecheck.js'

/** The canonical-output reader lives in @stockflow/cli (the conformance runner uses it too). */
export type { CanonicalColumn, CanonicalTable } from '@stockflow/cli/internal'
export { readCanonical, withinTolerance } from '@stockflow/cli/internal'

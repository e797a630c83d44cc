/** The canonical-output reader now lives in @stockflow/cli (the conformance runner uses it too). */
export type { CanonicalColumn, CanonicalTable, CanonicalTolerance } from '@stockflow/cli'
export { PYSD_TOLERANCE, parseCanonical, readCanonical, toleranceFor, withinTolerance } from '@stockflow/cli'

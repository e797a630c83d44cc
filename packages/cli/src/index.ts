/** @stockflow/cli: the `stockflow` command line, callable as a function for tests and scripts. */
export type { Io } from './io.js'
export { main } from './main.js'
export type { LoadedModel } from './load.js'
export { loadModel } from './load.js'
export { writeWhole } from './output.js'
export type { CanonicalColumn, CanonicalTable, CanonicalTolerance } from './canonical.js'
export { PYSD_TOLERANCE, parseCanonical, readCanonical, toleranceFor, withinTolerance } from './canonical.js'
export type {
  ConformanceFlags,
  ConformanceFloors,
  ConformanceOptions,
  ConformanceReport,
  ConformanceRow,
  ConformanceWorst,
} from './commands/conformance.js'
export { conformanceCommand, formatRow, readFloors, runConformance } from './commands/conformance.js'
export { viewCommand } from './commands/view.js'

/** @stockflow/vensim: Vensim `.mdl` models read into stockflow models. */
export type {
  BinaryOp,
  Definition,
  Doc,
  Equation,
  Expr,
  Interpolation,
  Lhs,
  LookupTable,
  Macro,
  MdlFile,
  MdlProblem,
  Pos,
  RangeElement,
  Subscript,
  SubscriptRange,
  UnitRange,
} from './ast.js'
export type { VensimUnsupportedFeature } from './errors.js'
export { MdlError, VensimUnsupportedError } from './errors.js'
export type { MdlImport, MdlImportOptions } from './import.js'
export { importMdl } from './import.js'
export { parseMdl } from './parse.js'
export type { RealityCheck } from './ast.js'
export type { DataSource, DirectConstantsArgs, DirectDataArgs } from './data-files.js'
export { memoryDataSource } from './data-files.js'
export type { DataSeries, LookupPoints } from './data-series.js'
export { readDirectData, readDirectDataBlock, readDirectLookups, readDirectLookupsBlock } from './data-series.js'
export { readDirectConstants, readDirectConstantsBlock } from './data-constants.js'
export type { DirectFunctionKind } from './data-functions.js'
export { directFunctionKind } from './data-functions.js'
export { DataFileError } from './data-errors.js'
export { dataFilePath } from './data-paths.js'
export type { ChangesFile, ScenarioFile, VensimChange } from './changes.js'
export { parseChanges, scenarioFiles } from './changes.js'
export type { DirectSubscriptArgs } from './data-subscript.js'
export { readDirectSubscript } from './data-subscript.js'
export { applyChanges } from './apply-changes.js'
export { exportMdl } from './export.js'
export type { ConstantChange } from './export-changes.js'
export { exportChanges } from './export-changes.js'

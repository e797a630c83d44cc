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

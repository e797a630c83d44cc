/** @stockflow/xmile: XMILE 1.0 import and export. */
export type { XmileImport } from './import.js'
export { importXmile } from './import.js'
export type { UnsupportedFeature } from './errors.js'
export { XmileUnsupportedError } from './errors.js'
export { translateEquation } from './translate.js'
export type { TranslateOptions } from './translate.js'
export { ExpressionError } from './tokenize.js'
export {
  ISEE_NAMESPACE,
  PRODUCT_VERSION,
  STOCKFLOW_NAMESPACE,
  XMILE_NAMESPACE,
  exportXmile,
  printXmile,
  xmileName,
} from './export.js'
export { applyStockflowExtension } from './export-extension.js'

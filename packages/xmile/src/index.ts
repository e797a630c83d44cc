/** @stockflow/xmile: XMILE 1.0 import and export. */
export type { XmileImport } from './import.js'
export { importXmile } from './import.js'
export { exportXmile } from './export.js'
export type { UnsupportedFeature } from './errors.js'
export { XmileUnsupportedError } from './errors.js'
export type { TranslateOptions } from './translate.js'
export { translateEquation } from './translate.js'
export { ExpressionError } from './tokenize.js'

/**
 * @stockflow/model/internal: helpers the sibling packages (solver, loops, xmile, experiments) share with
 * this one. Not for modelers, and no stability promise: names here change with their callers.
 */
export { applyBinary, applyUnary, mapExpr, walk } from './ast.js'
export { findBuiltin, isReservedName } from './builtins.js'
export { formatNumber, nameText, quoteName } from './equation.js'
export type { ArgRole } from './deps.js'
export { allDeps, argRole, initialDeps, instantDeps } from './deps.js'
export type { Ordering } from './order.js'
export { orderByDependencies, orderIndices } from './order.js'
export type { ParsedElement } from './parse-model.js'
export { constantValue, parseModel } from './parse-model.js'
export { validateParsed } from './validate.js'
export type { Dimensions, Denoted, ResolvedDimension } from './dimensions.js'
export { resolveDimensions } from './dimensions.js'
export type { Flattened, Origin } from './flatten.js'
export { flattenModel, hasArrays } from './flatten.js'
export { closestName, closestNames, didYouMean, suggestion } from './names.js'
export type { ArrayFunction } from './array-functions.js'
export { ARRAY_FUNCTIONS, findArrayFunction } from './array-functions.js'
export { callDsl } from './dsl-call.js'
export type { ArrayElement, ArrayVariable, DimensionElements, NameMeaning } from './element-names.js'
export { arraysAmong, dimensionElements, expandNames, meaningOf, sample } from './element-names.js'

/**
 * @stockflow/model: system-dynamics models as plain, serializable data, a typed DSL to write them,
 * the restricted equation AST, validation and the dependency graph.
 */
export type { VarId, VarName } from './id.js'
export { canonicalId } from './id.js'
export type {
  Aux,
  Dimension,
  DimensionMapping,
  Element,
  ElementEquation,
  ElementKind,
  EquationText,
  Flow,
  GraphicalFunction,
  Lookup,
  LookupMode,
  MethodName,
  Model,
  NamedLoop,
  Param,
  Scenario,
  Stock,
  TimeSpec,
  View,
  ViewItem,
  ViewLink,
} from './types.js'
export type { BinaryOp, Expr, Span, Subscript, UnaryOp } from './ast.js'
export type { BuiltinKind, BuiltinSpec } from './builtins.js'
export { BUILTINS } from './builtins.js'
export type { EquationErrorCode, Field, Issue, IssueCode, Severity } from './errors.js'
export { EquationError, ISSUE_CODES, StockflowError, formatIssue, isStockflowError } from './errors.js'
export { parseEquation } from './parse.js'
export type { NameNode, PrintOptions } from './print.js'
export { printExpr } from './print.js'
export type { DepsOf, Equation, Handle } from './equation.js'
export { eq } from './equation.js'
export type { ElementOptions, FlowHandle, ModelSpec, ReferencesInModel, StockHandle } from './dsl.js'
export { aux, flow, lookup, model, param, stock } from './dsl.js'
export type { DataOptions, DataPoints } from './data.js'
export { data } from './data.js'
export { validate } from './validate.js'
export { flatten } from './flatten.js'
export { MAX_FLAT_ELEMENTS } from './array-limits.js'
export type { DependencyEdge, DependencyGraph } from './graph.js'
export { dependencyGraph } from './graph.js'
export { modelFromData, modelFromJSON, modelToJSON } from './json.js'
export { modelToSource } from './source.js'
export { lint, type LintRun } from './lint.js'
export { checkUnits } from './check-units.js'
export type { AnyDimension, DimensionHandle, DimensionOptions, DimensionWithin, ElementOf } from './dsl-dimensions.js'
export { dimension, subrange } from './dsl-dimensions.js'
export type { AnyEquation, AnyHandle, ArrayedHandle, Bang, Iterates, Subscripted } from './dsl-handle.js'
export { at, bang } from './dsl-handle.js'
export type { EquationValue } from './equation.js'
export type { DimensionsInModel } from './dsl.js'
export type { Formula, ParamValue, PerElement, Points } from './dsl-options.js'
export type { GraphOption } from './dsl-graph.js'
export type { LoopVariable, NamedLoopOptions, ScenarioKey, ScenarioOptions, ScenarioValues } from './dsl-scenarios.js'
export { namedLoop, scenario } from './dsl-scenarios.js'

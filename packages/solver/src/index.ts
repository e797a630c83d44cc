/**
 * @stockflow/solver: compiles a model to generated JavaScript and integrates it with Euler, RK2, RK4
 * (Vensim/Stella semantics) or an adaptive method; returns runs as Float64Arrays.
 */
export type { CompiledModel, VariableInfo } from './compile.js'
export { compile } from './compile.js'
export type { SimulateOptions } from './simulate.js'
export { simulate } from './simulate.js'
export type { PrepareOptions, PreparedRun, PreparedRunOptions } from './prepared-run.js'
export { prepareRun } from './prepared-run.js'
export type { OnNonFinite } from './guards.js'
export type { RunMeta, Series } from './run.js'
export type { ArraySeries, ElementSeries } from './run.js'
export { Run, runsToCSV } from './run.js'
export type { Tableau } from './methods/tableaux.js'
export { TABLEAUX, euler, rk2, rk4 } from './methods/tableaux.js'
export type { Tolerance } from './methods/adaptive.js'
export { VERSION } from './version.js'
export type {
  Check,
  CheckContext,
  CheckDimension,
  CheckResult,
  CheckSuite,
  ElementResult,
  ElementsOf,
  ScenarioRun,
} from './checks.js'
export { check, checkEach, defineChecks, runChecks } from './checks.js'
export type { Verdict } from './trajectory.js'
export { Point, Trajectory } from './trajectory.js'

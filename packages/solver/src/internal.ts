/**
 * @stockflow/solver/internal: what the sibling packages (loops, experiments, cli) need of the solver's
 * workings: the IR and generated code a CompiledModel carries, builtins evaluated one at a time, the
 * CSV writer's pieces, the limits of non-negative stocks (loop scores build them too). Not for
 * modelers, and no stability promise: names here change with their callers.
 */
export { isCompiled } from './compile.js'
export { checkOverrides } from './overrides.js'
export { saveTimes } from './clock.js'
export { csvChunks, csvQuote } from './run.js'
export type { ArrayElement, ArrayVariable, NameMeaning } from './element-names.js'
export { arraysOf, nameMeaning } from './selection.js'
export { arraysAmong, expandNames, meaningOf } from './element-names.js'
export type { IR, Slot, SlotKind } from './ir.js'
export type { Program, Table } from './lower.js'
export type { ModelFunctions } from './codegen.js'
export type { StepLoop } from './step-loop.js'
export type { Clock } from './builtin-value.js'
export { builtinValue } from './builtin-value.js'
export type { IREnvironment } from './evaluate-ir.js'
export { evaluateIR } from './evaluate-ir.js'
export { readGraph } from './runtime.js'
export type { LimitContext } from './non-negative.js'
export { limitNonNegativeStocks } from './non-negative.js'

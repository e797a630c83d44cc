import type { Model } from '@stockflow/model'
import { generateFunctions, generateLoop } from './codegen.js'
import type { ModelFunctions, StepLoop } from './codegen.js'
import { lower } from './lower.js'
import type { Program } from './lower.js'
import { TABLEAUX } from './methods/tableaux.js'

/** A public variable of a compiled model. */
export interface VariableInfo {
  readonly name: string
  readonly id: string
  readonly kind: 'stock' | 'flow' | 'aux' | 'param'
  readonly units?: string
}

/** A model turned into generated JavaScript, ready to simulate many times with different settings. */
export interface CompiledModel {
  readonly model: Model
  readonly program: Program
  readonly functions: ModelFunctions
  /** Stocks, flows, auxiliaries and parameters in model order (constant auxiliaries count as parameters). */
  readonly variables: readonly VariableInfo[]
  /** The stepping loop of a fixed-step method, generated on first use. */
  loop(method: 'euler' | 'rk2' | 'rk4'): StepLoop
}

/**
 * Validates and compiles a model: orders its equations, expands SMOOTH/DELAY into internal stocks and
 * generates code from the AST alone. Throws a StockflowError listing every model error.
 */
export function compile(model: Model): CompiledModel {
  const program = lower(model)
  const functions = generateFunctions(program)
  const loops = new Map<string, StepLoop>()
  const kinds = new Map(model.elements.map((e) => [e.id, e.kind]))
  return {
    model,
    program,
    functions,
    variables: program.outputs.map((s) => ({
      name: s.name,
      id: s.id,
      kind: kinds.get(s.id) === 'aux' && s.kind === 'param' ? 'param' : (s.kind as VariableInfo['kind']),
      ...(s.units !== undefined ? { units: s.units } : {}),
    })),
    loop(method) {
      let l = loops.get(method)
      if (!l) {
        l = generateLoop(program, TABLEAUX[method])
        loops.set(method, l)
      }
      return l
    },
  }
}

/** Whether a value is a compiled model rather than a plain one. */
export function isCompiled(m: Model | CompiledModel): m is CompiledModel {
  return typeof (m as CompiledModel).loop === 'function'
}

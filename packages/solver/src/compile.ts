import type { Model } from '@stockflow/model'
import { generateFunctions } from './codegen.js'
import type { ModelFunctions } from './codegen.js'
import { fitsInLocals, generateLoop } from './loop.js'
import { lower } from './lower.js'
import type { Program } from './lower.js'
import { TABLEAUX } from './methods/tableaux.js'
import { recordingOf } from './recording.js'
import type { Recording } from './recording.js'
import type { StepLoop } from './step-loop.js'

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
  /**
   * The stepping loop of a fixed-step method for a recording (default: every output), generated on
   * first use. Small models get a loop specialised to the recorded slots, cached per selection.
   */
  loop(method: 'euler' | 'rk2' | 'rk4', recording?: Recording): StepLoop
  /** The recording of the default outputs (every public variable in model order). */
  readonly recording: Recording
  /** Column of each default output by id, shared by the runs that record them. */
  readonly outputIndex: ReadonlyMap<string, number>
  /** A state vector holding the parameters' values (zero elsewhere); each run starts from a copy. */
  readonly defaults: Float64Array
  /** The initial-value overrides of a run that sets no stock: all NaN, never written. */
  readonly noOverrides: Float64Array
}

/**
 * Validates and compiles a model: orders its equations, expands SMOOTH/DELAY into internal stocks and
 * generates code from the AST alone. Throws a StockflowError listing every model error.
 */
export function compile(model: Model): CompiledModel {
  const program = lower(model)
  const functions = generateFunctions(program)
  const loops = new Map<string, StepLoop>()
  const fits = fitsInLocals(program)
  const defaultRecording = recordingOf(
    program.outputs.map((s) => program.sourceOf[s.index]!),
    !fits,
  )
  // The model's variables, in the order of the outputs (see lower.ts).
  const elements = program.model.elements.filter((e) => e.kind !== 'lookup')
  const defaults = new Float64Array(program.slots.length)
  for (const [s, value] of program.params) defaults[s] = value
  // Loops by method for the default recording and every recording of a large model (found without
  // building a key: runs may take microseconds), and by method and slots for small models' others.
  const defaultLoops: Partial<Record<string, StepLoop>> = {}
  const byRecording = new WeakMap<Recording, Partial<Record<string, StepLoop>>>()
  return {
    model,
    program,
    functions,
    variables: program.outputs.map((s, j) => {
      const kind = elements[j]!.kind === 'aux' && s.kind === 'param' ? 'param' : (s.kind as VariableInfo['kind'])
      const info: { -readonly [K in keyof VariableInfo]: VariableInfo[K] } = { name: s.name, id: s.id, kind }
      if (s.units !== undefined) info.units = s.units
      return info
    }),
    recording: defaultRecording,
    outputIndex: new Map(program.outputs.map((s, j) => [s.id, j])),
    defaults,
    noOverrides: new Float64Array(program.slots.length).fill(NaN),
    loop(method, recording = defaultRecording) {
      // Large models' loops read the recording's ranges per run: one loop serves every recording.
      if (recording === defaultRecording || recording.byRow) {
        return (defaultLoops[method] ??= generateLoop(program, TABLEAUX[method], defaultRecording))
      }
      // By the recording first: a selection resolved once (selection.ts) brings the same one each run.
      let mine = byRecording.get(recording)
      if (!mine) byRecording.set(recording, (mine = {}))
      let l = mine[method]
      if (l) return l
      const key = `${method}:${recording.slots.join(',')}`
      l = loops.get(key)
      if (!l) loops.set(key, (l = generateLoop(program, TABLEAUX[method], recording)))
      return (mine[method] = l)
    },
  }
}

/** Whether a value is a compiled model rather than a plain one. */
export function isCompiled(m: Model | CompiledModel): m is CompiledModel {
  return typeof (m as CompiledModel).loop === 'function'
}

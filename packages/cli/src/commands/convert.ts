import { existsSync, statSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import type { Command } from 'commander'
import { StockflowError, modelToJSON, modelToSource } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { exportMdl } from '@stockflow/vensim'
import { exportXmile } from '@stockflow/xmile'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { loadModel, MODEL_ARGUMENT_HELP } from '../load.js'
import { writeWhole } from '../output.js'
import { asWarning } from './check.js'

/** The flags of `stockflow convert`. */
export interface ConvertFlags {
  readonly force?: boolean
}

/** The commander definition of `stockflow convert`. */
export function convertOptions(command: Command): Command {
  return command
    .description("convert a model; the format follows OUT's extension: .json, .xmile, .mdl or .ts (typed DSL source)")
    .argument('<in>', MODEL_ARGUMENT_HELP)
    .argument('<out>', 'the file to write (whole, or not at all)')
    .option('--force', 'overwrite OUT if it exists (never the input)')
}

/** What each output extension is written as. */
const WRITERS: Readonly<Record<string, { format: string; write: (model: Model) => string }>> = {
  '.json': { format: 'JSON', write: modelToJSON },
  '.xmile': { format: 'XMILE 1.0', write: exportXmile },
  '.mdl': { format: 'Vensim .mdl', write: exportMdl },
  '.ts': { format: 'TypeScript DSL source', write: modelToSource },
}

/**
 * `stockflow convert IN OUT [--force]`: reads IN (any model the CLI reads) and writes it whole in the
 * format of OUT's extension: `.json`, `.xmile`, `.mdl` (Vensim) or `.ts` (typed DSL source). An existing
 * OUT is only replaced with `--force`, and never when it is the input. Returns the exit code; user
 * mistakes are thrown as StockflowErrors, which `main` prints on one line.
 */
export async function convertCommand(input: string, output: string, flags: ConvertFlags, io: Io): Promise<number> {
  const ext = extname(output).toLowerCase()
  const writer = WRITERS[ext]
  if (!writer) {
    throw new StockflowError(
      `${output}: unknown output format "${ext || '(none)'}"; use .json, .xmile, .mdl or .ts (the format follows the extension)`,
    )
  }
  const target = resolve(output)
  if (existsSync(target) && statSync(target).isDirectory()) throw new StockflowError(`${output}: is a folder`)
  if (existsSync(target) && !flags.force && target !== resolve(input)) {
    throw new StockflowError(`${output}: already exists; add --force to overwrite it`)
  }

  const loaded = await loadModel(input)
  if (resolve(loaded.file) === target || resolve(input) === target) {
    throw new StockflowError(`${output}: refusing to overwrite the input`)
  }
  for (const w of loaded.warnings ?? []) io.stderr(`stockflow: ${asWarning(w)}\n`)
  const model = loaded.model
  writeWhole(output, writer.write(model), [loaded.file])
  io.stdout(`${loaded.file} -> ${output} (${writer.format}, ${model.elements.length} elements)\n`)
  if (ext === '.mdl') {
    const lost = notInMdl(model)
    if (lost) io.stderr(`stockflow: ${output}: ${lost}\n`)
  }
  return 0
}

/**
 * What a `.mdl` file has no place for and the export leaves out (scenarios, named loops, the model's
 * doc), as one warning; undefined when the model has none of them.
 */
function notInMdl(model: Model): string | undefined {
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`
  const scenarios = model.scenarios ?? []
  const parts = [
    ...(scenarios.length ? [`${plural(scenarios.length, 'scenario')} (${scenarios.map((s) => s.id).join(', ')})`] : []),
    ...(model.loops?.length ? [plural(model.loops.length, 'named loop')] : []),
    ...(model.doc ? ["the model's doc"] : []),
  ]
  if (parts.length === 0) return undefined
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}` : parts[0]!
  const cin = scenarios.length ? '; Vensim keeps scenarios as changes files (.cin) beside the model' : ''
  return `not written (Vensim has no place for them): ${list}${cin}`
}

/** `stockflow convert`, as main registers it. */
export const convertCli = cliCommand('convert', convertOptions, convertCommand)

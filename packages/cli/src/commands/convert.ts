import { existsSync, statSync } from 'node:fs'
import { dirname, extname, join, resolve } from 'node:path'
import type { Command } from 'commander'
import { StockflowError, modelToJSON, modelToSource } from '@stockflow/model'
import type { Model, Scenario } from '@stockflow/model'
import { exportMdl } from '@stockflow/vensim'
import { exportXmile } from '@stockflow/xmile'
import { withAutoViews } from '../auto-views.js'
import { cliCommand } from '../command.js'
import type { Io } from '../io.js'
import { loadModel, MODEL_ARGUMENT_HELP } from '../load.js'
import { writeWhole } from '../output.js'
import { scenarioChanges } from '../scenario-changes.js'
import { asWarning } from './check.js'

/** The flags of `stockflow convert`. */
export interface ConvertFlags {
  readonly force?: boolean
  readonly scenarios?: boolean
}

/** The commander definition of `stockflow convert`. */
export function convertOptions(command: Command): Command {
  return command
    .description("convert a model; the format follows OUT's extension: .json, .xmile, .mdl or .ts (typed DSL source)")
    .argument('<in>', MODEL_ARGUMENT_HELP)
    .argument('<out>', 'the file to write (whole, or not at all)')
    .option('--force', 'overwrite OUT if it exists (never the input)')
    .option('--scenarios', "with a .mdl OUT, write each of the model's scenarios beside it as a changes file, ID.cin")
}

/** What each output extension is written as. */
const WRITERS: Readonly<Record<string, { format: string; write: (model: Model) => string }>> = {
  '.json': { format: 'JSON', write: modelToJSON },
  '.xmile': { format: 'XMILE 1.0', write: (m) => exportXmile(withAutoViews(m)) },
  '.mdl': { format: 'Vensim .mdl', write: (m) => exportMdl(withAutoViews(m)) },
  '.ts': { format: 'TypeScript DSL source', write: modelToSource },
}

/**
 * `stockflow convert IN OUT [--force]`: reads IN (any model the CLI reads) and writes it whole in the
 * format of OUT's extension: `.json`, `.xmile`, `.mdl` (Vensim) or `.ts` (typed DSL source). An existing
 * OUT is only replaced with `--force`, and never when it is the input. A `.mdl` has no place for
 * scenarios, named loops or the model's doc: one stderr line names what was left out, and `--scenarios`
 * writes each scenario beside OUT as a changes file. Returns the exit code; user mistakes are thrown as
 * StockflowErrors, which `main` prints on one line.
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

  if (flags.scenarios && ext !== '.mdl')
    throw new StockflowError(`${output}: --scenarios writes Vensim changes files (.cin); it goes with a .mdl OUT`)

  const loaded = await loadModel(input)
  if (resolve(loaded.file) === target || resolve(input) === target) {
    throw new StockflowError(`${output}: refusing to overwrite the input`)
  }
  for (const w of loaded.warnings ?? []) io.stderr(`stockflow: ${asWarning(w)}\n`)
  const model = loaded.model
  const cins = flags.scenarios ? changesFiles(model, output, flags, [input, loaded.file]) : []
  writeWhole(output, writer.write(model), [loaded.file])
  io.stdout(`${loaded.file} -> ${output} (${writer.format}, ${model.elements.length} elements)\n`)
  for (const c of cins) {
    writeWhole(c.path, c.text, [loaded.file])
    io.stdout(`${loaded.file} -> ${c.path} (Vensim changes file, scenario "${c.scenario.id}")\n`)
  }
  if (ext === '.mdl') {
    const lost = notInMdl(model, flags.scenarios === true, [...new Set(cins.flatMap((c) => c.left))])
    if (lost) io.stderr(`stockflow: ${output}: ${lost}\n`)
  }
  return 0
}

/**
 * The changes file of each scenario, `ID.cin` beside OUT (where `stockflow run OUT --scenario ID` finds
 * it), checked before anything is written: no two alike, none over a file unless `--force`.
 */
function changesFiles(
  model: Model,
  output: string,
  flags: ConvertFlags,
  inputs: readonly string[],
): { path: string; text: string; left: readonly string[]; scenario: Scenario }[] {
  const seen = new Map<string, string>()
  return [...scenarioChanges(model)].map(([scenario, { text, left }]) => {
    const path = join(dirname(output), `${scenario.id.replace(/[^\w .-]/g, '-')}.cin`)
    const key = resolve(path).toLowerCase()
    const twin = seen.get(key)
    if (twin !== undefined)
      throw new StockflowError(`${path}: scenarios "${twin}" and "${scenario.id}" would share this changes file`)
    seen.set(key, scenario.id)
    if (inputs.some((i) => resolve(i) === resolve(path)))
      throw new StockflowError(`${path}: refusing to overwrite the input`)
    if (existsSync(path) && !flags.force)
      throw new StockflowError(`${path}: already exists; add --force to overwrite it`)
    return { path, text, left, scenario }
  })
}

/**
 * What a `.mdl` file has no place for and the export leaves out (scenarios, named loops, the model's
 * doc), as one warning; undefined when the model has none of them.
 */
function notInMdl(model: Model, cins: boolean, left: readonly string[]): string | undefined {
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`
  const scenarios = cins ? [] : (model.scenarios ?? [])
  const parts = [
    ...(scenarios.length ? [`${plural(scenarios.length, 'scenario')} (${scenarios.map((s) => s.id).join(', ')})`] : []),
    ...(left.length
      ? [`the stock initial values the scenarios set (${left.join(', ')}), which a changes file cannot`]
      : []),
    ...(model.loops?.length ? [plural(model.loops.length, 'named loop')] : []),
    ...(model.doc ? ["the model's doc"] : []),
  ]
  if (parts.length === 0) return undefined
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}` : parts[0]!
  const cin = scenarios.length
    ? '; Vensim keeps scenarios as changes files (.cin) beside the model: add --scenarios to write one each'
    : ''
  return `not written (Vensim has no place for them): ${list}${cin}`
}

/** `stockflow convert`, as main registers it. */
export const convertCli = cliCommand('convert', convertOptions, convertCommand)

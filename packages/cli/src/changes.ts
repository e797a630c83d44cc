import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { applyChanges, scenarioFiles } from '@stockflow/vensim'

/** The model with Vensim changes files (`--changes FILE`, repeatable) applied in order. */
export function withChangesFiles(model: Model, files: readonly string[]): Model {
  return files.reduce((m, file) => applyChanges(m, readChangesFile(file), file), model)
}

/** A changes file's text; a missing, folder or unreadable path is one line naming it. */
function readChangesFile(file: string): string {
  if (!existsSync(file)) throw new StockflowError(`--changes ${file}: no such file`)
  if (statSync(file).isDirectory())
    throw new StockflowError(`--changes ${file}: is a folder; give a changes file (.cin) in it`)
  try {
    return readFileSync(file, 'latin1')
  } catch {
    throw new StockflowError(`--changes ${file}: cannot read the file (check its permissions)`)
  }
}

/**
 * The changes files beside a Vensim model, which serve as its scenarios (`--scenario W303S02` applies
 * `W303S02.CIN`), by scenario name.
 */
export function changesScenarios(modelFile: string): Map<string, { name: string; path: string }> {
  if (extname(modelFile).toLowerCase() !== '.mdl') return new Map()
  const folder = dirname(modelFile)
  const found = scenarioFiles(readdirSync(folder))
  return new Map(found.map((s) => [s.scenario.toLowerCase(), { name: s.scenario, path: join(folder, s.file) }]))
}

/**
 * Splits `--scenario NAME` between the model's own scenarios and the changes files beside a Vensim
 * model: a name the model lacks that names such a file becomes one more changes file.
 */
export function scenarioOrChanges(
  model: Model,
  file: string,
  scenario: string | undefined,
): { scenario?: string; changes: string[] } {
  if (scenario === undefined || scenario.toLowerCase() === 'all')
    return { ...(scenario ? { scenario } : {}), changes: [] }
  if ((model.scenarios ?? []).some((s) => s.id.toLowerCase() === scenario.toLowerCase()))
    return { scenario, changes: [] }
  const beside = changesScenarios(file)
  const cin = beside.get(scenario.toLowerCase()) ?? beside.get(basename(scenario, extname(scenario)).toLowerCase())
  if (cin) return { changes: [cin.path] }
  if (beside.size > 0) {
    const names = [...beside.values()].map((c) => c.name).join(', ')
    throw new StockflowError(`${file}: no scenario "${scenario}"; the changes files beside the model are ${names}`)
  }
  return { scenario, changes: [] }
}

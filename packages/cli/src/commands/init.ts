import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { StockflowError } from '@stockflow/model'
import type { Command } from 'commander'
import { cliCommand } from '../command.js'
import { initFiles, projectName } from '../init-template.js'
import type { StockflowPackages } from '../init-template.js'
import type { Io } from '../io.js'

/** `stockflow init`'s flags. */
export interface InitFlags {
  readonly force?: boolean
}

/** The commander definition of `stockflow init`. */
export function initOptions(command: Command): Command {
  return command
    .description('write a model project (model.ts, checks.ts, tests) into DIR, ready for npm install')
    .argument('<dir>', 'the folder to create; it must be empty or new')
    .option('--force', "write into a folder that is not empty (the project's files are replaced, others kept)")
}

/**
 * `stockflow init DIR`: writes a new model project whose `@stockflow/*` dependencies are `file:` links
 * to the packages of the stockflow installation running this command.
 */
export async function initCommand(dir: string, flags: InitFlags, io: Io): Promise<number> {
  const target = resolve(dir)
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new StockflowError(`${dir}: is a file; give a folder to create`)
    if (readdirSync(target).length > 0 && !flags.force)
      throw new StockflowError(`${dir}: the folder is not empty; choose a new folder, or add --force to write into it`)
  }
  const files = initFiles(projectName(basename(target)), ownPackages())
  mkdirSync(target, { recursive: true })
  for (const [name, text] of files) writeFileSync(join(target, name), text)
  const near = relative(process.cwd(), target) || '.'
  const shown = near.startsWith('..') || isAbsolute(near) ? target : near
  io.stdout(`wrote ${[...files.keys()].join(', ')} in ${shown}\n`)
  io.stdout(`next: cd ${shown} && npm install && npm test\n`)
  return 0
}

/** `stockflow init`, as main registers it. */
export const initCli = cliCommand('init', initOptions, initCommand)

/**
 * The package folders of the running installation: the CLI's own folder, and the `@stockflow/model` and
 * `@stockflow/solver` beside it in its `node_modules` (in a checkout, links to the workspace packages).
 */
function ownPackages(): StockflowPackages {
  const cli = cliFolder()
  const dependency = (name: string): string => {
    const folder = join(cli, 'node_modules', '@stockflow', name)
    if (!existsSync(join(folder, 'package.json')))
      throw new StockflowError(
        `@stockflow/${name} is not installed beside the CLI in ${cli}; run pnpm install:cli again`,
      )
    return folder
  }
  return { cli, model: dependency('model'), solver: dependency('solver') }
}

/** The folder of `@stockflow/cli`'s package.json, above this file (src/ or dist/). */
function cliFolder(): string {
  let dir = import.meta.dirname
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && readManifestName(manifest) === '@stockflow/cli') return dir
    const parent = dirname(dir)
    if (parent === dir) throw new StockflowError('the @stockflow/cli package folder was not found above the CLI')
    dir = parent
  }
}

function readManifestName(file: string): string | undefined {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }
  return typeof json.name === 'string' ? json.name : undefined
}

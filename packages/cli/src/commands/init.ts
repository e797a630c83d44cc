import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { StockflowError } from '@stockflow/model'
import type { Command } from 'commander'
import { cliCommand } from '../command.js'
import { initFiles, projectName } from '../init-template.js'
import type { StockflowPackages } from '../init-template.js'
import type { Io } from '../io.js'
import { moduleDir } from '../module-url.js'

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
  const files = initFiles(projectName(basename(target)), ownPackages())
  writeProject(target, dir, files, flags.force === true)
  const near = relative(process.cwd(), target) || '.'
  const shown = near.startsWith('..') || isAbsolute(near) ? target : near
  io.stdout(`wrote ${[...files.keys()].join(', ')} in ${shown}\n`)
  io.stdout(`next: cd ${shown} && npm install && npm test\n`)
  return 0
}

/**
 * Writes the project all or nothing: a new folder is written beside it and renamed into place; into an
 * existing one (empty, or with --force) the files are written in a folder inside it, then moved. A failure
 * of the file system is one line, and what was made so far is removed.
 */
function writeProject(target: string, dir: string, files: ReadonlyMap<string, string>, force: boolean): void {
  const existing = fs(`cannot create ${dir}`, () => existingFolder(target, dir, files, force))
  if (existing) {
    fs(`cannot write the project into ${dir}`, () => writeInto(target, files, force))
    return
  }
  fs(`cannot create ${dir}`, () => {
    const madeFirst = makeParents(target, dir)
    let staging: string | undefined
    try {
      staging = mkdtempSync(join(dirname(target), `.${basename(target)}.init-`))
      for (const [name, text] of files) writeFileSync(join(staging, name), text)
      renameSync(staging, target)
    } catch (err) {
      if (staging) rmSync(staging, { recursive: true, force: true })
      if (madeFirst) rmSync(madeFirst, { recursive: true, force: true })
      throw err
    }
  })
}

/**
 * Makes the missing folders above `target`, one by one (Node's recursive mkdir can loop forever where
 * mkdir keeps failing, as under /proc), and returns the first it made, to remove on failure.
 */
function makeParents(target: string, dir: string): string | undefined {
  const missing: string[] = []
  let at = dirname(target)
  for (; !existsSync(at) && dirname(at) !== at; at = dirname(at)) missing.unshift(at)
  if (!statSync(at).isDirectory()) throw new StockflowError(`cannot create ${dir}: ${at} is a file, not a folder`)
  for (const folder of missing) mkdirSync(folder)
  return missing[0]
}

/** Whether DIR exists already (and may be written into); a user mistake is a StockflowError. */
function existingFolder(target: string, dir: string, files: ReadonlyMap<string, string>, force: boolean): boolean {
  if (!existsSync(target)) return false
  if (!statSync(target).isDirectory()) throw new StockflowError(`${dir}: is a file; give a folder to create`)
  if (readdirSync(target).length === 0) return true
  if (!force)
    throw new StockflowError(`${dir}: the folder is not empty; choose a new folder, or add --force to write into it`)
  for (const name of files.keys()) {
    const stat = statSync(join(target, name), { throwIfNoEntry: false })
    if (stat?.isDirectory())
      throw new StockflowError(`${join(dir, name)}: is a folder; move it away to write the project`)
  }
  return true
}

/** Writes the files into a folder inside `target`, then moves each into place; in an empty folder, all or none. */
function writeInto(target: string, files: ReadonlyMap<string, string>, force: boolean): void {
  const staging = mkdtempSync(join(target, '.stockflow-init-'))
  const moved: string[] = []
  try {
    for (const [name, text] of files) writeFileSync(join(staging, name), text)
    for (const name of files.keys()) {
      renameSync(join(staging, name), join(target, name))
      moved.push(name)
    }
  } catch (err) {
    // With --force a moved file may have replaced the user's: that one stays, the rest were never touched.
    if (!force) for (const name of moved) rmSync(join(target, name), { force: true })
    throw err
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

/** Runs file-system work, turning its errors (ENOTDIR, EACCES, EROFS, ...) into one line after `what`. */
function fs<T>(what: string, work: () => T): T {
  try {
    return work()
  } catch (err) {
    const code = (err as { code?: unknown }).code
    if (err instanceof StockflowError || typeof code !== 'string') throw err
    const reason = REASONS[code]
    throw new StockflowError(`${what}: ${reason ? `${reason} (${code})` : (err as Error).message.split('\n')[0]}`)
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'something else is already there',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  ENAMETOOLONG: 'the name is too long',
  EISDIR: 'a folder is in the way',
  ENOENT: 'a folder on the way does not exist or went away',
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
  let dir = moduleDir(import.meta.url)
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

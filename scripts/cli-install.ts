// What `pnpm install:cli` may replace or remove, and the swap of a new installation into place. It only
// ever touches its own work: the folder DIR when it is empty or carries the marker file written here, and
// the link BIN/stockflow when it leads into DIR. Anything else is refused with one line, before any change.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'

/** The file in DIR that says this script made it, so that it may replace or remove it whole. */
export const MARKER = '.stockflow-install'

/** Where the installation goes. */
export interface CliInstallPlace {
  /** The folder that holds the installed CLI (replaced whole on each install). */
  readonly dir: string
  /** The folder the `stockflow` link is made in. */
  readonly bin: string
}

/** The steps that need the repository: separate so that the decisions here can be tested without them. */
export interface CliDeployer {
  /** Builds the packages (or checks that they are built). */
  build(): void
  /** Fills `staging`, a path that does not exist yet, with the CLI, its production dependencies and the viewer. */
  deploy(staging: string): void
}

/** The link `stockflow` in BIN. */
export function linkPath(place: CliInstallPlace): string {
  return join(place.bin, 'stockflow')
}

/** What the link leads to: `dist/bin.js` in DIR. */
export function linkTarget(place: CliInstallPlace): string {
  return join(place.dir, 'dist', 'bin.js')
}

/** `absent`, or `ours` when BIN/stockflow is a symlink into DIR; anything else is refused (an Error). */
export function linkState(place: CliInstallPlace): 'absent' | 'ours' {
  const link = linkPath(place)
  let isLink: boolean
  try {
    isLink = lstatSync(link).isSymbolicLink()
  } catch {
    return 'absent'
  }
  if (!isLink) throw new Error(`${link} exists and is not a link this script made; remove it first`)
  const target = resolve(dirname(link), readlinkSync(link))
  if (inside(place.dir, target) || inside(real(place.dir), real(target))) return 'ours'
  throw new Error(`${link} links to ${target}, not into ${place.dir}: another stockflow? remove that link first`)
}

/** `absent`, `empty`, or `ours` when DIR carries the marker; a folder holding anything else is refused. */
export function folderState(dir: string): 'absent' | 'empty' | 'ours' {
  let entry: ReturnType<typeof lstatSync>
  try {
    entry = lstatSync(dir)
  } catch {
    return 'absent'
  }
  // A link is never this script's: replacing it would leave its target orphaned or swap the user's link away.
  if (entry.isSymbolicLink()) throw new Error(`${dir} is a link; give the folder itself as --dir, or another one`)
  if (!entry.isDirectory()) throw new Error(`${dir} is a file, not an installation; choose another --dir`)
  if (readdirSync(dir).length === 0) return 'empty'
  if (existsSync(join(dir, MARKER))) return 'ours'
  throw new Error(`${dir} holds files this script did not put there (no ${MARKER}); choose another --dir or empty it`)
}

/**
 * Installs: checks what it would replace, builds, deploys into a folder beside DIR (removed again if that
 * fails), marks it, swaps it in for DIR, and links BIN/stockflow to it. Returns what it reports.
 */
export function installCli(place: CliInstallPlace, deployer: CliDeployer): string[] {
  const link = linkPath(place)
  const existing = folderState(place.dir)
  const linked = linkState(place)
  deployer.build()
  mkdirSync(dirname(place.dir), { recursive: true })
  const staging = unusedPath(`${place.dir}.new-${process.pid}`)
  try {
    deployer.deploy(staging)
    writeFileSync(join(staging, MARKER), `Installed by \`pnpm install:cli\` on ${new Date().toISOString()}.\n${NOTE}`)
  } catch (err) {
    rmSync(staging, { recursive: true, force: true })
    throw err
  }
  if (existing === 'empty') {
    // The user's empty folder stays; the installation moves into it.
    for (const entry of readdirSync(staging)) renameSync(join(staging, entry), join(place.dir, entry))
    rmSync(staging, { recursive: true, force: true })
  } else {
    const old = existing === 'absent' ? undefined : unusedPath(`${place.dir}.old-${process.pid}`)
    if (old) renameSync(place.dir, old)
    try {
      renameSync(staging, place.dir)
    } catch (err) {
      // Put the previous installation back rather than leave none.
      if (old) renameSync(old, place.dir)
      rmSync(staging, { recursive: true, force: true })
      throw err
    }
    if (old) rmSync(old, { recursive: true, force: true })
  }
  mkdirSync(place.bin, { recursive: true })
  if (linked === 'ours') rmSync(link)
  symlinkSync(linkTarget(place), link)
  return [`installed ${place.dir}`, `linked ${link} -> ${linkTarget(place)}`]
}

/** Removes the link and DIR, each only when it is this script's (both checked before either goes). */
export function removeCli(place: CliInstallPlace): string[] {
  const link = linkPath(place)
  const existing = folderState(place.dir)
  const linked = linkState(place)
  if (linked === 'ours') rmSync(link)
  // Only a marked folder is an installation; an empty one is the user's and stays.
  if (existing === 'ours') rmSync(place.dir, { recursive: true, force: true })
  return [
    existing === 'ours'
      ? `removed ${place.dir}`
      : existing === 'empty'
        ? `${place.dir} is empty and not an installation: left as it is`
        : `${place.dir} was not there`,
    linked === 'absent' ? `${link} was not there` : `removed ${link}`,
  ]
}

const NOTE = 'Running it again replaces this folder whole; `pnpm install:cli --remove` deletes it.\n'

function inside(dir: string, file: string): boolean {
  const rel = relative(dir, file)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
}

/** The real path when the file exists (a folder reached through a symlink), else the path as given. */
function real(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

/** `base`, or `base-2`, `base-3`, ... : the first that does not exist (never something to delete). */
function unusedPath(base: string): string {
  let path = base
  for (let n = 2; lstatSync(path, { throwIfNoEntry: false }); n++) path = `${base}-${n}`
  return path
}

// `pnpm install:cli`: puts a `stockflow` command on the PATH without publishing anything. It builds the
// packages, copies @stockflow/cli with its production dependencies into DIR (`pnpm deploy`: real
// folders, our packages included), adds the built viewer, and links `stockflow` into the BIN folder.
//
//   pnpm install:cli [--dir DIR] [--bin BIN] [--no-build]   DIR: .stockflow/cli; BIN: npm's global bin
//   pnpm install:cli --remove [--dir DIR] [--bin BIN]       removes both again
//
// Re-running it replaces DIR whole (built beside it, then swapped in) at the same path, so the `file:`
// links of projects made by `stockflow init` keep working.
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { delimiter, dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const root = resolve(import.meta.dirname, '..')
const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    bin: { type: 'string' },
    'no-build': { type: 'boolean' },
    remove: { type: 'boolean' },
  },
})
const dir = resolve(values.dir ?? join(root, '.stockflow', 'cli'))
const bin = resolve(values.bin ?? join(npmGlobalPrefix(), 'bin'))
const link = join(bin, 'stockflow')
const target = join(dir, 'dist', 'bin.js')

try {
  if (values.remove) remove()
  else install()
} catch (err) {
  console.error(`install:cli: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
}

function install(): void {
  if (!values['no-build']) run('pnpm', ['build'])
  const viewer = join(root, 'apps', 'viewer', 'dist')
  if (!existsSync(join(root, 'packages', 'cli', 'dist', 'bin.js')) || !existsSync(join(viewer, 'index.html')))
    throw new Error('the packages are not built; run without --no-build (or `pnpm build` first)')
  const staging = `${dir}.new-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(dirname(dir), { recursive: true })
  run('pnpm', ['--filter', '@stockflow/cli', 'deploy', '--prod', staging])
  cpSync(viewer, join(staging, 'viewer', 'dist'), { recursive: true })
  chmodSync(join(staging, 'dist', 'bin.js'), 0o755)
  const old = `${dir}.old-${process.pid}`
  if (existsSync(dir)) renameSync(dir, old)
  renameSync(staging, dir)
  rmSync(old, { recursive: true, force: true })
  mkdirSync(bin, { recursive: true })
  if (ownLink() !== undefined) rmSync(link)
  symlinkSync(target, link)
  console.log(`installed ${dir}\nlinked ${link} -> ${target}`)
  const onPath = (process.env.PATH ?? '').split(delimiter).some((p) => p && resolve(p) === bin)
  if (!onPath) console.log(`${bin} is not on your PATH: add it, or run ${link}`)
}

function remove(): void {
  if (ownLink() !== undefined) rmSync(link)
  rmSync(dir, { recursive: true, force: true })
  console.log(`removed ${dir} and ${link}`)
}

/** The link's target when BIN/stockflow is a symlink (ours to replace); undefined when absent; else an error. */
function ownLink(): string | undefined {
  let stat
  try {
    stat = lstatSync(link)
  } catch {
    return undefined
  }
  if (!stat.isSymbolicLink()) throw new Error(`${link} exists and is not a link this script made; remove it first`)
  return readlinkSync(link)
}

function npmGlobalPrefix(): string {
  return execFileSync('npm', ['prefix', '--global'], { encoding: 'utf8' }).trim()
}

function run(command: string, args: readonly string[]): void {
  execFileSync(command, args, { cwd: root, stdio: 'inherit' })
}

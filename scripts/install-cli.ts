// `pnpm install:cli`: puts a `stockflow` command on the PATH without publishing anything. It builds the
// packages, copies @stockflow/cli with its production dependencies into DIR (`pnpm deploy`: real
// folders, our packages included), adds the built viewer, and links `stockflow` into the BIN folder.
//
//   pnpm install:cli [--dir DIR] [--bin BIN] [--no-build]   DIR: .stockflow/cli; BIN: npm's global bin
//   pnpm install:cli --remove [--dir DIR] [--bin BIN]       removes both again
//
// Re-running it replaces DIR whole (built beside it, then swapped in) at the same path, so the `file:`
// links of projects made by `stockflow init` keep working. What it may replace is decided in cli-install.ts.
import { execFileSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { installCli, linkPath, removeCli } from './cli-install.js'
import type { CliDeployer } from './cli-install.js'

const root = resolve(import.meta.dirname, '..')
const viewer = join(root, 'apps', 'viewer', 'dist')

try {
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
  const place = { dir, bin }
  if (values.remove) {
    for (const line of removeCli(place)) console.log(line)
  } else {
    for (const line of installCli(place, deployer(values['no-build'] === true))) console.log(line)
    const onPath = (process.env.PATH ?? '').split(delimiter).some((p) => p && resolve(p) === bin)
    if (!onPath) console.log(`${bin} is not on your PATH: add it, or run ${linkPath(place)}`)
  }
} catch (err) {
  console.error(`install:cli: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
}

/** The real build and deploy, from this repository. */
function deployer(noBuild: boolean): CliDeployer {
  return {
    build() {
      if (!noBuild) run('pnpm', ['build'])
      if (!existsSync(join(root, 'packages', 'cli', 'dist', 'bin.js')) || !existsSync(join(viewer, 'index.html')))
        throw new Error('the packages are not built; run without --no-build (or `pnpm build` first)')
    },
    deploy(staging) {
      run('pnpm', ['--filter', '@stockflow/cli', 'deploy', '--prod', staging])
      cpSync(viewer, join(staging, 'viewer', 'dist'), { recursive: true })
      chmodSync(join(staging, 'dist', 'bin.js'), 0o755)
    },
  }
}

function npmGlobalPrefix(): string {
  return execFileSync('npm', ['prefix', '--global'], { encoding: 'utf8' }).trim()
}

function run(command: string, args: readonly string[]): void {
  execFileSync(command, args, { cwd: root, stdio: 'inherit' })
}

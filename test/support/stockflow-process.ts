import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(__dirname, '../..')

/** Runs `pnpm stockflow ...` as a user does: the root package's script, in a process of its own. */
export function stockflowProcess(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  const [command, ...script] = pkg.scripts['stockflow']!.split(' ')
  const bin = join(root, 'node_modules/.bin', command!)
  const r = spawnSync(bin, [...script, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

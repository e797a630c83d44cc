import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { stockflowScript } from './stockflow-child.js'

const root = join(__dirname, '../..')

/** Runs `pnpm stockflow ...` as a user does: the root package's script, in a process of its own. */
export function stockflowProcess(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const [command, script] = stockflowScript()
  const r = spawnSync(command, [...script, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '@stockflow/cli'

// A developer's own $STOCKFLOW_REDIS would send every experiment test to that queue: the tests that
// want a queue set it (or pass --redis) themselves.
delete process.env.STOCKFLOW_REDIS

/** The repository root, for the seeds. */
export const root = join(__dirname, '../../..')

/** Runs the CLI in this process and returns its exit code and what it wrote. */
export async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) })
  return { code, stdout, stderr }
}

/** Writes a JSON model to `model.json` in a fresh temporary folder and returns its path. */
export function writeModel(model: unknown, prefix = 'stockflow-test-'): string {
  const file = join(mkdtempSync(join(tmpdir(), prefix)), 'model.json')
  writeFileSync(file, JSON.stringify(model))
  return file
}

/** A sweep of SIR's two parameters (3 × 2 runs), Infectious at time 50: the sweep's tests and its plot's. */
export const SIR_SWEEP_AT = [
  '--vary',
  'contact infectivity=range(0.2,0.4,3)',
  '--vary',
  'duration=values(2,5)',
  '--output',
  'Infectious',
  '--at',
  '50',
] as const

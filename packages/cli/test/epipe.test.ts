import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { stockflowScript } from '../../../test/support/stockflow-child.js'

it('stops quietly when the reader of its output goes away (stockflow run ... | head)', async () => {
  const [command, script] = stockflowScript()
  const child = spawn(command, [...script, 'run', 'seeds/SIR'], {
    cwd: join(__dirname, '../../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  // The first chunk read, the pipe is closed, as `head -1` does.
  child.stdout.once('data', () => child.stdout.destroy())
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  expect(stderr).toBe('')
  expect(code).toBe(0)
}, 120_000)

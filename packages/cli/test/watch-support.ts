import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/**
 * Numbered folders under a fresh temp folder in `parent` (removed after the test file), each holding the
 * given files: one per test, so watchers of one never see another's writes.
 */
export function folders(parent: string, prefix: string): (files?: Record<string, string>) => string {
  mkdirSync(parent, { recursive: true })
  const root = mkdtempSync(join(parent, prefix))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  let made = 0
  return (files = {}) => {
    const dir = join(root, `f${++made}`)
    mkdirSync(dir)
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    return dir
  }
}

/** Resolves with the first value `probe` returns that is not undefined, polling (no timing asserted). */
export async function until<T>(probe: () => T | undefined): Promise<T> {
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    await new Promise((done) => setTimeout(done, 20))
  }
}

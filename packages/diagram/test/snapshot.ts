/**
 * SVG snapshots in the manner of Observable Plot: numbers with a decimal point rounded to 3 decimals,
 * compared with the committed `test/output/<name>.svg`; on a mismatch `<name>-changed.svg` is written
 * beside it and the test fails. A missing snapshot is written and the test passes (the first run makes
 * them), except in CI (`CI=true`), where it fails: there it would pass having compared nothing.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'

const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), 'output')

/** Rounds every decimal number in the SVG to 3 decimals (integers, as in tick labels, stay as they are). */
export function normalizeSvg(svg: string): string {
  return (
    svg
      .replace(/-?\d+\.\d+(?:e[-+]?\d+)?/gi, (m) => {
        const r = Math.round(Number(m) * 1000) / 1000
        return String(r === 0 ? 0 : r)
      })
      .trimEnd() + '\n'
  )
}

/** Compares `svg` with `test/output/<name>.svg` (see the file comment). */
export function expectSvgSnapshot(name: string, svg: string): void {
  mkdirSync(OUTPUT, { recursive: true })
  const file = join(OUTPUT, `${name}.svg`)
  const changed = join(OUTPUT, `${name}-changed.svg`)
  const actual = normalizeSvg(svg)
  if (!existsSync(file)) {
    if (inCI()) expect.fail(`test/output/${name}.svg is missing: run the test outside CI to write it, and commit it`)
    writeFileSync(file, actual)
    return
  }
  const expected = readFileSync(file, 'utf8')
  if (expected === actual) {
    rmSync(changed, { force: true })
    return
  }
  writeFileSync(changed, actual)
  expect.fail(`${name}.svg differs from the committed snapshot; see test/output/${name}-changed.svg`)
}

/** Whether this runs in CI: `CI` set to `true` (or `1`), as CI services and `.ci/run` set it. */
function inCI(): boolean {
  const ci = (process.env.CI ?? '').toLowerCase()
  return ci === 'true' || ci === '1'
}

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { installCli, MARKER, removeCli } from '../scripts/cli-install.js'
import type { CliDeployer, CliInstallPlace } from '../scripts/cli-install.js'

// `pnpm install:cli` decides what it may replace and remove; here with a stand-in deploy that writes a
// fake bin.js, so no build or `pnpm deploy` runs.
let work = ''
let place: CliInstallPlace
let link = ''
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'stockflow-install-cli-'))
  place = { dir: join(work, 'install', 'cli'), bin: join(work, 'bin') }
  link = join(place.bin, 'stockflow')
})
afterEach(() => rmSync(work, { recursive: true, force: true }))

/** A deploy that writes `dist/bin.js` holding `version`, or fails halfway when `fail` is set. */
function fake(version: string, fail = false): CliDeployer {
  return {
    build() {},
    deploy(staging) {
      mkdirSync(join(staging, 'dist'), { recursive: true })
      writeFileSync(join(staging, 'dist', 'bin.js'), version)
      if (fail) throw new Error('pnpm deploy failed')
    },
  }
}

const installed = (): string => readFileSync(join(place.dir, 'dist', 'bin.js'), 'utf8')
/** What the work folder holds beside DIR: no staging or old copies are left behind. */
const besideDir = (): string[] => readdirSync(join(work, 'install')).sort()

describe('pnpm install:cli', () => {
  it('installs into a new DIR, marks it, and links BIN/stockflow to its bin.js', () => {
    expect(installCli(place, fake('v1'))).toEqual([
      `installed ${place.dir}`,
      `linked ${link} -> ${join(place.dir, 'dist', 'bin.js')}`,
    ])
    expect(installed()).toBe('v1')
    expect(readFileSync(join(place.dir, MARKER), 'utf8')).toMatch(/^Installed by `pnpm install:cli`/)
    expect(readlinkSync(link)).toBe(join(place.dir, 'dist', 'bin.js'))
    expect(besideDir()).toEqual(['cli'])
  })

  it('replaces its own installation and link on a second run', () => {
    installCli(place, fake('v1'))
    writeFileSync(join(place.dir, 'stale.txt'), 'from v1')
    installCli(place, fake('v2'))
    expect(installed()).toBe('v2')
    expect(existsSync(join(place.dir, 'stale.txt'))).toBe(false)
    expect(readlinkSync(link)).toBe(join(place.dir, 'dist', 'bin.js'))
    expect(besideDir()).toEqual(['cli'])
  })

  it('installs into an empty DIR, and takes over a relative link into DIR', () => {
    mkdirSync(place.dir, { recursive: true })
    mkdirSync(place.bin)
    symlinkSync('../install/cli/dist/bin.js', link)
    installCli(place, fake('v1'))
    expect(installed()).toBe('v1')
    expect(readlinkSync(link)).toBe(join(place.dir, 'dist', 'bin.js'))
  })

  it('refuses a DIR that holds files it did not write, touching nothing', () => {
    mkdirSync(place.dir, { recursive: true })
    writeFileSync(join(place.dir, 'notes.txt'), 'mine')
    expect(() => installCli(place, fake('v1'))).toThrow(
      `${place.dir} holds files this script did not put there (no ${MARKER}); choose another --dir or empty it`,
    )
    expect(() => removeCli(place)).toThrow(/did not put there/)
    expect(readdirSync(place.dir)).toEqual(['notes.txt'])
    expect(existsSync(place.bin)).toBe(false)
    expect(besideDir()).toEqual(['cli'])
  })

  it("refuses another tool's stockflow link, for install and remove alike", () => {
    const other = join(work, 'npm-global', 'lib', 'stockflow.js')
    mkdirSync(join(work, 'npm-global', 'lib'), { recursive: true })
    writeFileSync(other, 'someone else')
    mkdirSync(place.bin)
    symlinkSync(other, link)
    expect(() => installCli(place, fake('v1'))).toThrow(
      `${link} links to ${other}, not into ${place.dir}: another stockflow? remove that link first`,
    )
    expect(existsSync(place.dir)).toBe(false)
    installCli({ ...place, bin: join(work, 'bin2') }, fake('v1'))
    expect(() => removeCli(place)).toThrow(/not into/)
    expect(readlinkSync(link)).toBe(other)
    expect(installed()).toBe('v1')
  })

  it('refuses a BIN/stockflow that is a file, not a link', () => {
    mkdirSync(place.bin)
    writeFileSync(link, '#!/bin/sh\n')
    expect(() => installCli(place, fake('v1'))).toThrow(`${link} exists and is not a link this script made`)
    expect(readFileSync(link, 'utf8')).toBe('#!/bin/sh\n')
  })

  it('removes the folder it staged when the deploy fails, and keeps the installation it had', () => {
    installCli(place, fake('v1'))
    expect(() => installCli(place, fake('v2', true))).toThrow('pnpm deploy failed')
    expect(installed()).toBe('v1')
    expect(besideDir()).toEqual(['cli'])
    expect(() => installCli({ dir: join(work, 'install', 'fresh'), bin: place.bin }, fake('v2', true))).toThrow()
    expect(besideDir()).toEqual(['cli'])
  })

  it('--remove deletes its own folder and link, even a link left dangling', () => {
    installCli(place, fake('v1'))
    expect(removeCli(place)).toEqual([`removed ${place.dir}`, `removed ${link}`])
    expect(existsSync(place.dir)).toBe(false)
    expect(existsSync(place.bin) && readdirSync(place.bin)).toEqual([])
    symlinkSync(join(place.dir, 'dist', 'bin.js'), link)
    expect(removeCli(place)).toEqual([`${place.dir} was not there`, `removed ${link}`])
    expect(readdirSync(place.bin)).toEqual([])
  })

  it('keeps a user-made empty DIR: installs into it, and --remove leaves it once the marker is gone', () => {
    mkdirSync(place.dir, { recursive: true })
    const made = statSync(place.dir).ino
    installCli(place, fake('v1'))
    expect(statSync(place.dir).ino).toBe(made)
    expect(readdirSync(place.dir).sort()).toEqual([MARKER, 'dist'].sort())
    rmSync(join(place.dir, 'dist'), { recursive: true })
    rmSync(join(place.dir, MARKER))
    expect(removeCli(place)[0]).toBe(`${place.dir} is empty and not an installation: left as it is`)
    expect(existsSync(place.dir)).toBe(true)
  })

  it('refuses a DIR that is a link, for install and remove alike, touching neither it nor its target', () => {
    const mine = join(work, 'mine')
    mkdirSync(mine)
    mkdirSync(join(work, 'install'))
    symlinkSync(mine, place.dir)
    expect(() => installCli(place, fake('v1'))).toThrow(`${place.dir} is a link; give the folder itself as --dir`)
    expect(() => removeCli(place)).toThrow(/is a link/)
    expect(readlinkSync(place.dir)).toBe(mine)
    expect(readdirSync(mine)).toEqual([])
  })
})

import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { StockflowError } from '@stockflow/model'
import { writeWhole } from '../src/output.js'
import { cli } from './support.js'

/** When set, the "random" bytes of the temporary file's name, so a test can plant something at that name. */
const pinned = vi.hoisted(() => ({ bytes: undefined as Buffer | undefined }))
vi.mock('node:crypto', async (real) => {
  const crypto = await real<typeof import('node:crypto')>()
  return { ...crypto, randomBytes: (n: number) => pinned.bytes ?? crypto.randomBytes(n) }
})
afterEach(() => (pinned.bytes = undefined))

describe('writeWhole', () => {
  it('writes text given in pieces as one file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-out-'))
    const path = join(dir, 'out.csv')
    writeWhole(path, ['a,b\n', '1,2\n', '3,4\n'])
    expect(readFileSync(path, 'utf8')).toBe('a,b\n1,2\n3,4\n')
    expect(readdirSync(dir)).toEqual(['out.csv'])
  })

  it('leaves the old file and no temporary file when making the pieces fails midway', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-out-'))
    const path = join(dir, 'out.csv')
    writeFileSync(path, 'old\n')
    function* pieces() {
      yield 'new,1\n'
      throw new StockflowError('run failed at time 3')
    }
    expect(() => writeWhole(path, pieces())).toThrow(/run failed at time 3/)
    expect(readFileSync(path, 'utf8')).toBe('old\n')
    expect(readdirSync(dir)).toEqual(['out.csv'])
  })

  it('refuses to write over an input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-out-'))
    const path = join(dir, 'model.json')
    writeFileSync(path, '{}')
    expect(() => writeWhole(path, 'x', [path])).toThrow(/refusing to overwrite an input file/)
    expect(readFileSync(path, 'utf8')).toBe('{}')
    expect(readdirSync(dir)).toEqual(['model.json'])
  })

  it('never writes through a link planted at the old predictable temporary name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-out-'))
    const model = join(dir, 'model.json')
    writeFileSync(model, '{"model": true}')
    const planted = join(dir, `.model.layout.json.${process.pid}.tmp`)
    symlinkSync(model, planted)
    writeWhole(join(dir, 'model.layout.json'), ['{"layout": ', 'true}'], [model])
    expect(readFileSync(model, 'utf8')).toBe('{"model": true}')
    expect(readFileSync(join(dir, 'model.layout.json'), 'utf8')).toBe('{"layout": true}')
    expect(lstatSync(planted).isSymbolicLink()).toBe(true)
    expect(readdirSync(dir).sort()).toEqual([planted.slice(dir.length + 1), 'model.json', 'model.layout.json'].sort())
  })

  it('refuses, rather than follows or removes, a link planted at the very temporary name it picks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-out-'))
    const model = join(dir, 'model.json')
    writeFileSync(model, '{"model": true}')
    pinned.bytes = Buffer.alloc(8, 7)
    const planted = join(dir, `.model.layout.json.${pinned.bytes.toString('hex')}.tmp`)
    symlinkSync(model, planted)
    expect(() => writeWhole(join(dir, 'model.layout.json'), '{"layout": true}', [model])).toThrow(StockflowError)
    expect(readFileSync(model, 'utf8')).toBe('{"model": true}')
    expect(existsSync(join(dir, 'model.layout.json'))).toBe(false)
    expect(readlinkSync(planted)).toBe(model)
  })

  it('names each temporary file afresh, and leaves none behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-out-'))
    const path = join(dir, 'out.csv')
    for (let i = 0; i < 3; i++) writeWhole(path, `run ${i}\n`)
    expect(readFileSync(path, 'utf8')).toBe('run 2\n')
    expect(readdirSync(dir)).toEqual(['out.csv'])
  })
})

describe('the format of --out', () => {
  const regions = join(__dirname, 'fixtures/regions.json')

  it('follows the extension when --format is not given: .json, .tsv, .csv (else CSV)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-format-'))
    for (const name of ['r.json', 'r.tsv', 'r.csv', 'r.txt']) {
      const { code, stderr } = await cli('run', regions, '--vars', 'Total', '--stop', '1', '--out', join(dir, name))
      expect(stderr).toBe('')
      expect(code).toBe(0)
    }
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { series: Record<string, number[]> }
    expect(json.series.Total).toEqual([150, 175])
    expect(readFileSync(join(dir, 'r.tsv'), 'utf8')).toBe('time\tTotal\n0\t150\n1\t175\n')
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toBe('time,Total\n0,150\n1,175\n')
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toBe('time,Total\n0,150\n1,175\n')
  })

  it('refuses an extension that contradicts --format, or that the command does not write, in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-format-'))
    const out = join(dir, 'r.json')
    const run = await cli('run', regions, '--format', 'csv', '--out', out)
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      `stockflow: --out ${out}: a .json file, but --format is csv; leave --format out to write json, or change the extension\n`,
    )
    const sweep = await cli('sweep', regions, '--vary', 'Growth[*]=values(0,1)', '--out', out)
    expect(sweep.code).toBe(1)
    expect(sweep.stderr).toBe(
      `stockflow: --out ${out}: a .json file, but this command writes csv; name the file .csv\n`,
    )
    expect(existsSync(out)).toBe(false)
  })
})

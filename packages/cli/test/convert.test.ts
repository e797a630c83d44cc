import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { StockflowError, modelFromJSON, modelToJSON } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { convertCommand } from '../src/commands/convert.js'
import { main } from '../src/main.js'
import { cli } from './support.js'
import involution from '../../../seeds/involution/model.js'
import teacup from '../../../seeds/teacup/model.js'

const root = join(__dirname, '../../..')
const teacupDir = join(root, 'seeds/teacup')
const involutionDir = join(root, 'seeds/involution')
// Generated .ts models must sit inside the repo so that '@stockflow/model' resolves from them.
mkdirSync(join(__dirname, '.scratch'), { recursive: true })
const scratch = mkdtempSync(join(__dirname, '.scratch', 'convert-'))
const temps: string[] = [scratch]
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true })
})

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'stockflow-convert-'))
  temps.push(d)
  return d
}

async function convert(input: string, output: string, force = false) {
  let stdout = ''
  let stderr = ''
  const code = await convertCommand(input, output, force ? { force } : {}, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  })
  return { code, stdout, stderr }
}

const json = (file: string): Model => modelFromJSON(readFileSync(file, 'utf8'), file)

describe('stockflow convert', () => {
  it('writes JSON from a model folder, naming what it wrote', async () => {
    const out = join(tempDir(), 'teacup.json')
    const { code, stdout, stderr } = await convert(teacupDir, out)
    expect(code).toBe(0)
    expect(stderr).toBe('')
    expect(stdout).toMatch(/-> .*teacup\.json \(JSON, 4 elements\)\n$/)
    expect(readFileSync(out, 'utf8')).toBe(modelToJSON(teacup))
  })

  it('writes DSL source that converts back to the same JSON', async () => {
    const ts = join(scratch, 'involution.ts')
    expect((await convert(involutionDir, ts)).stdout).toContain('(TypeScript DSL source, 227 elements)')
    expect(readFileSync(ts, 'utf8')).toContain("import { aux, eq, flow, model, param, stock } from '@stockflow/model'")
    const back = join(scratch, 'involution.json')
    await convert(ts, back)
    expect(readFileSync(back, 'utf8')).toBe(modelToJSON(involution))
  })

  it('writes XMILE, and reads it back with scenarios, loops and docs', async () => {
    const dir = tempDir()
    const xmile = join(dir, 'involution.xmile')
    expect((await convert(involutionDir, xmile)).stdout).toContain('(XMILE 1.0, 227 elements)')
    expect(readFileSync(xmile, 'utf8')).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<xmile version="1.0"/)
    const back = join(dir, 'back.json')
    await convert(xmile, back)
    const m = json(back)
    expect(m.scenarios).toEqual(involution.scenarios)
    expect(m.loops).toEqual(involution.loops)
    expect(m.doc).toBe(involution.doc)
    expect(m.time).toEqual(involution.time)
    expect(m.elements.map((e) => [e.kind, e.name, e.units, e.doc, e.min, e.max])).toEqual(
      involution.elements.map((e) => [e.kind, e.name, e.units, e.doc, e.min, e.max]),
    )
    const a = simulate(involution, { scenario: 'S3' })
    const b = simulate(m, { scenario: 'S3' })
    for (const name of a.names) expect(b.get(name), name).toEqual(a.get(name))
  })

  it('writes a laid-out view to XMILE for a model without views, and keeps the views of one that has them', async () => {
    const dir = tempDir()
    const xmile = join(dir, 'teacup.xmile')
    await convert(teacupDir, xmile)
    const text = readFileSync(xmile, 'utf8')
    expect(text).toContain('<views>')
    expect(text).toMatch(/<stock name="Teacup Temperature" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+"/)
    expect(text).toMatch(/<flow name="Heat Loss to Room"[^>]*>\s*<pts>/)
    expect(text).toContain('<connector ')
    const back = json((await convert(xmile, join(dir, 'back.json')), join(dir, 'back.json')))
    expect(back.views).toHaveLength(1)
    expect(
      back
        .views![0]!.items.filter((i) => i.kind === undefined)
        .map((i) => i.id)
        .sort(),
    ).toEqual(teacup.elements.map((e) => e.id).sort())

    const authored: Model = { ...teacup, views: [{ name: 'Mine', items: [{ id: 'teacup_temperature', x: 7, y: 9 }] }] }
    const input = join(dir, 'authored.json')
    writeFileSync(input, modelToJSON(authored))
    const again = join(dir, 'authored.xmile')
    await convert(input, again)
    const kept = json((await convert(again, join(dir, 'authored-back.json')), join(dir, 'authored-back.json')))
    expect(kept.views).toEqual([{ name: 'Mine', items: [{ id: 'teacup_temperature', x: 7, y: 9 }] }])
  })

  it('writes a laid-out sketch to .mdl for a model without views, so Vensim does not open it blank', async () => {
    const dir = tempDir()
    const mdl = join(dir, 'teacup.mdl')
    await convert(teacupDir, mdl)
    const text = readFileSync(mdl, 'utf8')
    // Sketch records: 10 a variable, 11 a valve, 12 a cloud; one variable record per element.
    expect(text.match(/^10,/gm)).toHaveLength(teacup.elements.length)
    expect(text).toMatch(/^11,/m)
    const back = json((await convert(mdl, join(dir, 'back.json')), join(dir, 'back.json')))
    expect(back.views).toHaveLength(1)
    const placed = back.views![0]!.items.filter((i) => i.kind === undefined).map((i) => i.id)
    expect(placed.sort()).toEqual(teacup.elements.map((e) => e.id).sort())
  })

  it('refuses to overwrite an existing file without --force, and replaces it whole with it', async () => {
    const dir = tempDir()
    const out = join(dir, 'out.json')
    writeFileSync(out, 'precious')
    await expect(convert(teacupDir, out)).rejects.toThrow(/out\.json: already exists; add --force to overwrite it/)
    expect(readFileSync(out, 'utf8')).toBe('precious')
    expect((await convert(teacupDir, out, true)).code).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(modelToJSON(teacup))
    expect(readdirSync(dir)).toEqual(['out.json'])
  })

  it('never overwrites the input, even with --force', async () => {
    const dir = tempDir()
    const input = join(dir, 'model.json')
    writeFileSync(input, modelToJSON(teacup))
    for (const force of [false, true]) {
      await expect(convert(input, input, force)).rejects.toThrow(/refusing to overwrite the input/)
      await expect(convert(dir, input, force)).rejects.toThrow(/refusing to overwrite the input|already exists/)
    }
    expect(readFileSync(input, 'utf8')).toBe(modelToJSON(teacup))
  })

  it('names the formats it writes when the extension is unknown', async () => {
    const out = join(tempDir(), 'model.csv')
    await expect(convert(teacupDir, out)).rejects.toThrow(StockflowError)
    await expect(convert(teacupDir, out)).rejects.toThrow(
      /model\.csv: unknown output format "\.csv"; use \.json, \.xmile, \.mdl or \.ts/,
    )
    expect(existsSync(out)).toBe(false)
  })

  it('reports a missing input as a user error', async () => {
    await expect(convert(join(tempDir(), 'nope.json'), join(tempDir(), 'out.json'))).rejects.toThrow(
      /nope\.json: no such file or folder/,
    )
  })

  it('writes an arrayed XMILE model as DSL source that `stockflow run` runs to the same columns', async () => {
    const xmile = join(tempDir(), 'regions.xmile')
    writeFileSync(xmile, REGIONS_XMILE)
    const ts = join(scratch, 'regions.ts')
    expect((await convert(xmile, ts)).stdout).toContain('(TypeScript DSL source, 3 elements)')
    const source = readFileSync(ts, 'utf8')
    expect(source).toContain("const Region = dimension('Region', ['North', 'South'])")
    expect(source).toContain("param('Growth', { North: 0.2, South: 0.1 }, { dimensions: [Region] })")
    expect(source).toContain('rate: eq`${at(population, Region)} * ${at(growth, Region)}`')
    const fromTs = await cli('run', ts)
    const fromXmile = await cli('run', xmile)
    expect(fromTs.stderr).toBe('')
    expect(fromTs.code).toBe(0)
    expect(fromTs.stdout.split('\n')[0]).toBe(
      'time,Population[North],Population[South],Births[North],Births[South],Growth[North],Growth[South]',
    )
    expect(fromTs.stdout).toBe(fromXmile.stdout)
  })
})

describe('stockflow convert to Vensim .mdl', () => {
  const sirDir = join(root, 'seeds/SIR')
  const regionalDir = join(root, 'seeds/regional-sir')

  /** The CSV `stockflow run` writes, as columns by header. */
  async function runCsv(model: string): Promise<Map<string, number[]>> {
    let stdout = ''
    const code = await main(['run', model, '--format', 'csv'], {
      stdout: (t) => void (stdout += t),
      stderr: () => undefined,
    })
    expect(code).toBe(0)
    const [header, ...rows] = stdout.trim().split('\n')
    const names = header!.split(',').map((n) => n.replace(/^"|"$/g, ''))
    const cells = rows.map((r) => r.split(',').map(Number))
    return new Map(names.map((n, j) => [n, cells.map((c) => c[j]!)]))
  }

  it('writes the SIR seed as .mdl, which `stockflow run` runs to the same numbers', async () => {
    const out = join(tempDir(), 'sir.mdl')
    const { code, stdout } = await convert(sirDir, out)
    expect(code).toBe(0)
    expect(stdout).toMatch(/-> .*sir\.mdl \(Vensim \.mdl, 8 elements\)\n$/)
    const text = readFileSync(out, 'utf8')
    expect(text.startsWith('{UTF-8}\n')).toBe(true)
    expect(text).toContain('Infectious = INTEG(Succumbing - Recovering, 5)')
    expect(text).toContain('Total Population = 1000\n\t~\tpeople [1,100000]\n\t~\tEveryone who can catch the disease\n')
    const seed = await runCsv(join(sirDir, 'model.ts'))
    const back = await runCsv(out)
    expect([...back.keys()]).toEqual([...seed.keys()])
    for (const [name, values] of seed) expect(back.get(name), name).toEqual(values)
  })

  it('writes the regional SIR seed with its subscripts, and the run is the same element for element', async () => {
    const out = join(tempDir(), 'regional.mdl')
    expect((await convert(regionalDir, out)).code).toBe(0)
    const text = readFileSync(out, 'utf8')
    expect(text).toContain('Region: north, south, east\n')
    expect(text).toMatch(/SUM\(Infected\[Region!\]\)/)
    const seed = await runCsv(join(regionalDir, 'model.ts'))
    const back = await runCsv(out)
    expect([...back.keys()]).toEqual([...seed.keys()])
    for (const [name, values] of seed) expect(back.get(name), name).toEqual(values)
  })

  it('writes .mdl from XMILE and from .mdl, each running as its source', async () => {
    const dir = tempDir()
    const xmile = join(dir, 'teacup.xmile')
    const mdl = join(dir, 'teacup.mdl')
    const again = join(dir, 'again.mdl')
    await convert(teacupDir, xmile)
    expect((await convert(xmile, mdl)).code).toBe(0)
    expect((await convert(mdl, again)).code).toBe(0)
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(mdl, 'utf8'))
    const seed = await runCsv(join(teacupDir, 'model.ts'))
    const back = await runCsv(again)
    for (const [name, values] of seed) expect(back.get(name), name).toEqual(values)
  })

  it("names in one stderr line what .mdl has no place for: the scenarios, named loops and the model's doc", async () => {
    const out = join(tempDir(), 'regional.mdl')
    const { code, stderr } = await convert(regionalDir, out)
    expect(code).toBe(0)
    expect(stderr).toBe(
      `stockflow: ${out}: not written (Vensim has no place for them): 2 scenarios (lockdown-north, distancing), 3 named loops and the model's doc; Vensim keeps scenarios as changes files (.cin) beside the model: add --scenarios to write one each\n`,
    )
    expect(readdirSync(dirname(out))).toEqual(['regional.mdl'])
  })

  it('writes each scenario beside the .mdl as ID.cin with --scenarios, which run --scenario ID reads back', async () => {
    const dir = tempDir()
    const out = join(dir, 'regional.mdl')
    const { code, stdout, stderr } = await cli('convert', regionalDir, out, '--scenarios')
    expect(code).toBe(0)
    expect(stdout).toContain(`-> ${join(dir, 'distancing.cin')} (Vensim changes file, scenario "distancing")\n`)
    expect(stderr).toBe(
      `stockflow: ${out}: not written (Vensim has no place for them): 3 named loops and the model's doc\n`,
    )
    expect(readdirSync(dir).sort()).toEqual(['distancing.cin', 'lockdown-north.cin', 'regional.mdl'])
    expect(readFileSync(join(dir, 'lockdown-north.cin'), 'utf8')).toBe(
      '{ scenario "lockdown-north": Lockdown in the north }\nContact Rate[north] = 0.1\n',
    )
    expect(readFileSync(join(dir, 'distancing.cin'), 'utf8')).toBe(
      '{ scenario "distancing": Distancing everywhere }\nContact Rate[north] = 0.15\nContact Rate[south] = 0.15\nContact Rate[east] = 0.15\n',
    )
    for (const id of ['lockdown-north', 'distancing']) {
      const seed = await cli('run', join(regionalDir, 'model.ts'), '--scenario', id)
      const back = await cli('run', out, '--scenario', id)
      expect(back.stderr).toBe('')
      expect(back.stdout).toBe(seed.stdout)
    }
    // Again, the files exist: refused before anything is written, unless --force.
    const again = await cli('convert', regionalDir, join(dir, 'again.mdl'), '--scenarios')
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/lockdown-north\.cin: already exists; add --force to overwrite it\n$/)
    expect(existsSync(join(dir, 'again.mdl'))).toBe(false)
    expect((await cli('convert', regionalDir, join(dir, 'again.mdl'), '--scenarios', '--force')).code).toBe(0)
    const json = await cli('convert', regionalDir, join(dir, 'r.json'), '--scenarios')
    expect(json.stderr).toMatch(/--scenarios writes Vensim changes files \(\.cin\); it goes with a \.mdl OUT\n$/)
  })

  it('writes nothing when Vensim cannot express the model, and says what in one line', async () => {
    const dir = tempDir()
    const input = join(dir, 'model.json')
    const m: Model = {
      ...teacup,
      elements: [
        ...teacup.elements,
        { kind: 'aux', name: 'Last', id: 'last', equation: 'PREVIOUS(Teacup_Temperature)' },
      ],
    }
    writeFileSync(input, modelToJSON(m))
    const out = join(dir, 'out.mdl')
    await expect(convert(input, out)).rejects.toThrow(
      /element "Last": its equation cannot be written in Vensim: it uses PREVIOUS/,
    )
    expect(existsSync(out)).toBe(false)
  })
})
/** Population over Region = North, South, growing by Growth per region (a value per element). */
const REGIONS_XMILE = `<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header>
    <vendor>stockflow tests</vendor>
    <product version="1.0">hand-written</product>
  </header>
  <sim_specs method="Euler">
    <start>0</start>
    <stop>3</stop>
    <dt>1</dt>
  </sim_specs>
  <dimensions>
    <dim name="Region">
      <elem name="North"/>
      <elem name="South"/>
    </dim>
  </dimensions>
  <model>
    <variables>
      <stock name="Population">
        <dimensions>
          <dim name="Region"/>
        </dimensions>
        <eqn>100</eqn>
        <inflow>Births</inflow>
      </stock>
      <flow name="Births">
        <dimensions>
          <dim name="Region"/>
        </dimensions>
        <eqn>Population[Region] * Growth[Region]</eqn>
      </flow>
      <aux name="Growth">
        <dimensions>
          <dim name="Region"/>
        </dimensions>
        <element subscript="North">
          <eqn>0.2</eqn>
        </element>
        <element subscript="South">
          <eqn>0.1</eqn>
        </element>
      </aux>
    </variables>
  </model>
</xmile>
`

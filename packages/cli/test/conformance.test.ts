import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { modelFromJSON, StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { loadModel } from '@stockflow/cli'
import { VensimUnsupportedError } from '@stockflow/vensim'
import { XmileUnsupportedError } from '@stockflow/xmile'
import { corpusPath } from '../../../test/support/corpus.js'
import type { ConformanceReport } from '../src/commands/conformance.js'
import { parseCanonical, readCanonical, toleranceFor, withinTolerance } from '../src/canonical.js'
import { conformanceCommand, readFloors, runConformance } from '../src/commands/conformance.js'

// Fixtures live inside the repository (an ignored folder), never in the system's temp dir.
const scratchRoot = join(__dirname, '.scratch')
mkdirSync(scratchRoot, { recursive: true })
const scratch = mkdtempSync(join(scratchRoot, 'conformance-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function write(path: string, text: string | Buffer): string {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
  return path
}

async function command(dir: string, options: Parameters<typeof conformanceCommand>[3] = {}, json?: string) {
  let stdout = ''
  let stderr = ''
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t) }
  const code = await conformanceCommand(dir, json === undefined ? {} : { json }, io, options)
  return { code, stdout, stderr }
}

// ---------------------------------------------------------------------------------------------------
// The teacup, computed here: Euler with dt 1/8, one row per time unit (save times differ from dt).

interface TeacupRow {
  t: number
  temperature: number
  loss: number
}

function teacupRows(options: { room?: number; stop?: number; method?: 'euler' | 'rk4' } = {}): TeacupRow[] {
  const room = options.room ?? 70
  const stop = options.stop ?? 30
  const dt = 0.125
  const rate = (x: number) => (x - room) / 10
  const rows: TeacupRow[] = []
  let x = 180
  for (let step = 0; step <= stop / dt; step++) {
    if (step % 8 === 0) rows.push({ t: step * dt, temperature: x, loss: rate(x) })
    if (options.method === 'rk4') {
      const k1 = -rate(x)
      const k2 = -rate(x + (dt / 2) * k1)
      const k3 = -rate(x + (dt / 2) * k2)
      const k4 = -rate(x + dt * k3)
      x += (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
    } else x -= dt * rate(x)
  }
  return rows
}

/** Six significant digits, as Vensim writes its outputs. */
const sig = (x: number) => String(Number(x.toPrecision(6)))

/**
 * A canonical output of the teacup in Vensim's manner: control columns, constants in the first row
 * only, a quoted header, and the given line ending.
 */
function teacupOutput(
  rows: TeacupRow[],
  options: { eol?: string; delimiter?: string; temperature?: string; extra?: string } = {},
) {
  const d = options.delimiter ?? ','
  const eol = options.eol ?? '\r'
  const header = [
    'Time',
    '"Characteristic Time"',
    'FINAL TIME',
    'Heat Loss to Room',
    'INITIAL TIME',
    'Room Temperature',
    'SAVEPER',
    options.temperature ?? 'Teacup Temperature',
    'TIME STEP',
    ...(options.extra !== undefined ? [options.extra] : []),
  ]
  const lines = [header.join(d)]
  rows.forEach((r, i) => {
    const first = i === 0
    lines.push(
      [
        String(r.t),
        first ? '10' : '',
        first ? '30' : '',
        sig(r.loss),
        first ? '0' : '',
        first ? '70' : '',
        '1',
        sig(r.temperature),
        first ? '0.125' : '',
      ].join(d),
    )
  })
  return lines.join(eol) + eol
}

function teacupJSON(options: { room?: number; method?: string; temperature?: string; stop?: number } = {}): string {
  const temperature = options.temperature ?? 'Teacup Temperature'
  return JSON.stringify({
    name: 'teacup',
    time: { start: 0, stop: options.stop ?? 30, dt: 0.125, ...(options.method ? { method: options.method } : {}) },
    elements: [
      { kind: 'stock', name: temperature, initial: '180', outflows: ['heat_loss_to_room'] },
      {
        kind: 'flow',
        name: 'Heat Loss to Room',
        equation: `("${temperature}" - Room_Temperature) / Characteristic_Time`,
      },
      { kind: 'param', name: 'Room Temperature', value: options.room ?? 70 },
      { kind: 'param', name: 'Characteristic Time', value: 10 },
    ],
  })
}

const TEACUP_XMILE = `<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header>
    <vendor>stockflow tests</vendor>
    <product version="1.0">hand-written</product>
  </header>
  <sim_specs method="Euler" time_units="Minutes">
    <start>0</start>
    <stop>30</stop>
    <dt>0.125</dt>
  </sim_specs>
  <model>
    <variables>
      <stock name="Teacup Temperature">
        <eqn>180</eqn>
        <outflow>Heat_Loss_to_Room</outflow>
      </stock>
      <flow name="Heat Loss to Room">
        <eqn>(Teacup_Temperature - Room_Temperature) / Characteristic_Time</eqn>
      </flow>
      <aux name="Room Temperature">
        <eqn>70</eqn>
      </aux>
      <aux name="Characteristic Time">
        <eqn>10</eqn>
      </aux>
    </variables>
  </model>
</xmile>
`

const ARRAYS_XMILE = `<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header>
    <vendor>stockflow tests</vendor>
    <product version="1.0">hand-written</product>
  </header>
  <sim_specs method="Euler">
    <start>0</start>
    <stop>2</stop>
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
      <aux name="Population">
        <dimensions>
          <dim name="Region"/>
        </dimensions>
        <eqn>10</eqn>
      </aux>
    </variables>
  </model>
</xmile>
`

// A stock that is a conveyor: stockflow has no conveyors, so conformance skips the file.
const CONVEYOR_XMILE = ARRAYS_XMILE.replace(
  /<dimensions>[\s\S]*<\/model>/,
  `<model>
    <variables>
      <stock name="Belt">
        <eqn>1</eqn>
        <conveyor><len>1</len></conveyor>
      </stock>
    </variables>
  </model>`,
)

// ---------------------------------------------------------------------------------------------------

describe('readCanonical', () => {
  it('reads CR-only line endings, quoted headers, forward-fills constants and keys columns by id', () => {
    const rows = teacupRows()
    const table = readCanonical(write(join(scratch, 'read/cr/output.csv'), teacupOutput(rows, { eol: '\r' })))
    expect(table.time).toEqual(rows.map((r) => r.t))
    expect([...table.columns.keys()]).toEqual([
      'characteristic_time',
      'final_time',
      'heat_loss_to_room',
      'initial_time',
      'room_temperature',
      'saveper',
      'teacup_temperature',
      'time_step',
    ])
    expect(table.columns.get('characteristic_time')).toEqual({
      name: 'Characteristic Time',
      values: rows.map(() => 10),
    })
    expect(table.columns.get('teacup_temperature')!.values[1]).toBe(169.469)
  })

  it('reads mixed CRLF, CR and LF line endings and blank lines', () => {
    const table = parseCanonical('Time,A,B,C\r\n0,1,2,7\r1,3,,\n\n2,,5,\r\n', ',')
    expect(table.time).toEqual([0, 1, 2])
    // C, written in the first row only, is a constant; elsewhere an empty cell is a missing value.
    expect(table.columns.get('a')!.values).toEqual([1, 3, NaN])
    expect(table.columns.get('b')!.values).toEqual([2, NaN, 5])
    expect(table.columns.get('c')!.values).toEqual([7, 7, 7])
  })

  it('reads .tab files with quoted, subscripted headers holding commas and quotes', () => {
    const text =
      'Time\t"Inflow A[Entry 1,Column 1]"\t"say ""hi"""\tTrailing  Spaces \r\n0\t1.5\t2\t3\r\n1\t2.5\t\t4\r\n'
    const table = readCanonical(write(join(scratch, 'read/tab/output.tab'), text))
    expect([...table.columns.values()].map((c) => c.name)).toEqual([
      'Inflow A[Entry 1,Column 1]',
      'say "hi"',
      'Trailing  Spaces',
    ])
    expect(table.columns.get('inflow_a[entry_1,column_1]')!.values).toEqual([1.5, 2.5])
    expect(table.columns.get('say_"hi"')!.values).toEqual([2, 2])
    expect(table.columns.get('trailing_spaces')!.values).toEqual([3, 4])
  })

  it('reads a Latin-1 file, and UTF-8 when the bytes are UTF-8', () => {
    const text = 'Time\tthis is a french variable with é à è\tTIME STEP\n0\t6\t1\n1\t6\t1\n'
    const latin1 = readCanonical(write(join(scratch, 'read/latin1/output.tab'), Buffer.from(text, 'latin1')))
    expect(latin1.columns.get('this_is_a_french_variable_with_é_à_è')!.values).toEqual([6, 6])
    const utf8 = readCanonical(write(join(scratch, 'read/utf8/output.tab'), Buffer.from('\uFEFF' + text, 'utf8')))
    expect(utf8.columns.get('this_is_a_french_variable_with_é_à_è')!.values).toEqual([6, 6])
    expect(utf8.time).toEqual([0, 1])
  })

  it('leaves cells it cannot read as NaN, and reads infinities', () => {
    const table = parseCanonical('Time,A\n0,#N/A\n1,inf\n2,-Infinity\n', ',')
    expect(table.columns.get('a')!.values).toEqual([NaN, Infinity, -Infinity])
  })

  it("uses PySD's tolerance, looser for allocate_available and arguments", () => {
    expect(withinTolerance(100.0009, 100)).toBe(true)
    expect(withinTolerance(100.0012, 100)).toBe(false)
    expect(withinTolerance(0.000009, 0)).toBe(true)
    expect(withinTolerance(0.000011, 0)).toBe(false)
    expect(withinTolerance(101, 100, 2e-2)).toBe(true)
    expect(toleranceFor('/c/tests/allocate_available/test_allocate_available.xmile')).toEqual({ rel: 2e-2, abs: 1e-5 })
    expect(toleranceFor('/c/tests/arguments/output.tab').rel).toBe(1e-2)
    expect(toleranceFor('/c/tests/abs/test_abs.xmile')).toEqual({ rel: 1e-5, abs: 1e-5 })
  })
})

// ---------------------------------------------------------------------------------------------------
// A fake corpus whose model files hold JSON, read by a stand-in loader: the runner's logic, without
// depending on the XMILE importer.

const fake = join(scratch, 'fake-models')
const euler = teacupRows()

write(join(fake, 'tests/teacup/teacup.xmile'), teacupJSON())
write(join(fake, 'tests/teacup/teacup_warm_room.stmx'), teacupJSON({ room: 71 }))
write(join(fake, 'tests/teacup/teacup.mdl'), 'VENSIM UNSUPPORTED: unsupported: arrays ("x" is subscripted)')
write(join(fake, 'tests/teacup/output.csv'), teacupOutput(euler))
write(join(fake, 'tests/no_output/model.xmile'), teacupJSON())
write(join(fake, 'tests/arrays/arrays.xmile'), 'UNSUPPORTED FILE: arrays (dimensions) are not supported yet')
write(join(fake, 'tests/arrays/output.tab'), 'Time\tx[a]\n0\t1\n')
write(join(fake, 'tests/broken/broken.itmx'), 'THROW FILE: line 3: unexpected end of the file\nsecond line')
write(join(fake, 'tests/broken/output.csv'), 'Time,x\n0,1\n')
write(join(fake, 'tests/crash/crash.xmile'), 'CRASH')
write(join(fake, 'tests/crash/output.csv'), 'Time,x\n0,1\n')
write(join(fake, 'tests/hang/hang.xmile'), 'HANG')
write(join(fake, 'tests/hang/output.csv'), 'Time,x\n0,1\n')
// Latin-1 .tab with CRLF and a column the model lacks (ignored, since others match).
write(join(fake, 'tests/latin1/température.xmile'), teacupJSON({ temperature: 'Température de la tasse' }))
write(
  join(fake, 'tests/latin1/output.tab'),
  Buffer.from(
    teacupOutput(euler, {
      eol: '\r\n',
      delimiter: '\t',
      temperature: 'Température de la tasse',
      extra: 'Not In The Model',
    }),
    'latin1',
  ),
)
write(join(fake, 'tests/no_common_column/model.xmile'), teacupJSON())
write(join(fake, 'tests/no_common_column/output.csv'), 'Time,Something Else,FINAL TIME\n0,1,30\n1,1,\n')
write(join(fake, 'tests/longer_output/model.xmile'), teacupJSON({ stop: 20 }))
write(join(fake, 'tests/longer_output/output.csv'), teacupOutput(euler))
// Off by 1%: within allocate_available's 2e-2, outside PySD's tolerance elsewhere.
const offByOnePercent = teacupOutput(euler.map((r) => ({ ...r, temperature: r.temperature * 1.01 })))
write(join(fake, 'tests/allocate_available/model.xmile'), teacupJSON())
write(join(fake, 'tests/allocate_available/output.csv'), offByOnePercent)
write(join(fake, 'tests/strict/model.xmile'), teacupJSON())
write(join(fake, 'tests/strict/output.csv'), offByOnePercent)
// Declares RK4, but its canonical output is Euler's (corpus README); elsewhere RK4 is honoured.
write(join(fake, 'tests/zeroled_decimals/model.xmile'), teacupJSON({ method: 'rk4' }))
write(join(fake, 'tests/zeroled_decimals/output.csv'), teacupOutput(euler))
write(join(fake, 'tests/rk4/model.xmile'), teacupJSON({ method: 'rk4' }))
write(join(fake, 'tests/rk4/output.csv'), teacupOutput(teacupRows({ method: 'rk4' })))
write(join(fake, 'tests/rk4_but_euler_output/model.xmile'), teacupJSON({ method: 'rk4' }))
write(join(fake, 'tests/rk4_but_euler_output/output.csv'), teacupOutput(euler))
write(join(fake, '.hidden/ignored.xmile'), 'CRASH')

async function fakeLoad(file: string): Promise<Model> {
  const text = readFileSync(file, 'utf8')
  if (text.startsWith('THROW ')) throw new StockflowError(text.slice('THROW '.length).replace('FILE', file))
  if (text.startsWith('UNSUPPORTED '))
    throw new XmileUnsupportedError(text.slice('UNSUPPORTED '.length).replace('FILE', file), 'arrays')
  if (text.startsWith('VENSIM UNSUPPORTED: '))
    throw new VensimUnsupportedError(text.slice('VENSIM UNSUPPORTED: '.length), 'arrays')
  if (text.startsWith('CRASH')) throw new TypeError("Cannot read properties of undefined (reading 'eqn')")
  if (text.startsWith('HANG')) return new Promise<Model>(() => {})
  return modelFromJSON(text, file)
}

const fakeOptions = { load: fakeLoad, loadTimeoutMs: 200, floors: {} }

describe('conformance runner (stand-in loader)', () => {
  let report: ConformanceReport
  const row = (file: string) => report.rows.find((r) => r.file === file)

  it('finds every model file, a row each, sorted, hidden folders left out', async () => {
    report = await runConformance(fake, fakeOptions)
    expect(report.rows.map((r) => r.file)).toEqual([
      'tests/allocate_available/model.xmile',
      'tests/arrays/arrays.xmile',
      'tests/broken/broken.itmx',
      'tests/crash/crash.xmile',
      'tests/hang/hang.xmile',
      'tests/latin1/température.xmile',
      'tests/longer_output/model.xmile',
      'tests/no_common_column/model.xmile',
      'tests/no_output/model.xmile',
      'tests/rk4/model.xmile',
      'tests/rk4_but_euler_output/model.xmile',
      'tests/strict/model.xmile',
      'tests/teacup/teacup.mdl',
      'tests/teacup/teacup.xmile',
      'tests/teacup/teacup_warm_room.stmx',
      'tests/zeroled_decimals/model.xmile',
    ])
    expect(report.passed + report.failed + report.skipped).toBe(report.rows.length)
  })

  it('passes models that match at the canonical times, whatever the save interval', () => {
    expect(row('tests/teacup/teacup.xmile')).toEqual({ file: 'tests/teacup/teacup.xmile', status: 'pass' })
    expect(row('tests/latin1/température.xmile')!.status).toBe('pass')
    expect(row('tests/rk4/model.xmile')!.status).toBe('pass')
  })

  it('reports the worst column and time of a failing model', () => {
    expect(row('tests/teacup/teacup_warm_room.stmx')).toEqual({
      file: 'tests/teacup/teacup_warm_room.stmx',
      status: 'fail',
      reason: 'worst column "Room Temperature" at time 0: actual 71 vs expected 70',
      worst: { column: 'Room Temperature', time: 0, actual: 71, expected: 70 },
    })
    expect(row('tests/rk4_but_euler_output/model.xmile')).toMatchObject({
      status: 'fail',
      worst: { column: 'Heat Loss to Room' },
    })
  })

  it('applies the per-model exceptions of the corpus README', () => {
    expect(row('tests/allocate_available/model.xmile')!.status).toBe('pass')
    expect(row('tests/strict/model.xmile')).toMatchObject({ status: 'fail', worst: { column: 'Teacup Temperature' } })
    expect(row('tests/zeroled_decimals/model.xmile')!.status).toBe('pass')
  })

  it('skips models without an output and unsupported arrays (XMILE or Vensim), with the reason', () => {
    expect(row('tests/teacup/teacup.mdl')).toMatchObject({
      status: 'skip',
      reason: 'unsupported: arrays ("x" is subscripted)',
    })
    expect(row('tests/no_output/model.xmile')).toMatchObject({ status: 'skip', reason: 'no canonical output' })
    expect(row('tests/arrays/arrays.xmile')).toMatchObject({
      status: 'skip',
      reason: 'arrays (dimensions) are not supported yet',
    })
  })

  it('fails load errors with one line, without the file name, and survives crashes and hangs', () => {
    expect(row('tests/broken/broken.itmx')).toMatchObject({
      status: 'fail',
      reason: 'line 3: unexpected end of the file',
    })
    expect(row('tests/crash/crash.xmile')).toMatchObject({
      status: 'fail',
      reason: "Cannot read properties of undefined (reading 'eqn')",
    })
    expect(row('tests/hang/hang.xmile')).toMatchObject({ status: 'fail', reason: 'loading took longer than 0.2 s' })
  })

  it('fails when no column is a model variable, or the output runs past the model', () => {
    expect(row('tests/no_common_column/model.xmile')).toMatchObject({
      status: 'fail',
      reason: 'no column of output.csv is a model variable (missing "Something Else")',
    })
    expect(row('tests/longer_output/model.xmile')).toMatchObject({
      status: 'fail',
      reason: 'output.csv runs from 0 to 30, the model from 0 to 20',
    })
  })

  it('prints a row per model file and the summary, writes --json whole, exits 0 at or above the floor', async () => {
    const json = join(scratch, 'reports/fake.json')
    mkdirSync(dirname(json), { recursive: true })
    const { code, stdout, stderr } = await command(fake, fakeOptions, json)
    expect(code).toBe(0)
    expect(stderr).toBe('')
    const lines = stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(17)
    expect(lines).toContain('PASS tests/teacup/teacup.xmile')
    expect(lines).toContain(
      'FAIL tests/teacup/teacup_warm_room.stmx: worst column "Room Temperature" at time 0: actual 71 vs expected 70',
    )
    expect(lines).toContain('SKIP tests/teacup/teacup.mdl: unsupported: arrays ("x" is subscripted)')
    expect(lines.at(-1)).toBe('5 passed, 8 failed, 3 skipped')
    const written = JSON.parse(readFileSync(json, 'utf8')) as ConformanceReport
    expect(written).toMatchObject({ dir: fake, passed: 5, failed: 8, skipped: 3 })
    expect(written.rows).toHaveLength(16)
    expect(readdirSync(dirname(json))).toEqual(['fake.json'])
  })

  it('exits 1 when the passes fall below the floor recorded for the folder name', async () => {
    const below = await command(fake, { ...fakeOptions, floors: { 'fake-models': 6 } })
    expect(below.code).toBe(1)
    expect(below.stderr).toMatch(/5 passed, below the floor of 6 recorded for "fake-models"/)
    expect(below.stdout.trimEnd().split('\n').at(-1)).toBe('5 passed, 8 failed, 3 skipped')
    expect((await command(fake, { ...fakeOptions, floors: { 'fake-models': 5, other: 100 } })).code).toBe(0)
  })

  it("reads the repository's floors; an unknown folder has floor 0", () => {
    const floors = readFloors()
    expect(typeof floors['test-models']).toBe('number')
    expect(typeof floors['test-models-simlin']).toBe('number')
    expect(floors['fake-models']).toBeUndefined()
  })

  it('refuses a folder that does not exist', async () => {
    await expect(runConformance(join(scratch, 'nowhere'))).rejects.toThrow(/no such folder/)
  })
})

// ---------------------------------------------------------------------------------------------------
// The same runner through the real loader: these run once loadModel reads XMILE.

const real = join(scratch, 'real-models')
const teacupXmile = write(join(real, 'tests/teacup/teacup.xmile'), TEACUP_XMILE)
write(join(real, 'tests/teacup/output.csv'), teacupOutput(euler))
write(join(real, 'tests/teacup_wrong/teacup.xmile'), TEACUP_XMILE)
write(
  join(real, 'tests/teacup_wrong/output.csv'),
  teacupOutput(euler.map((r) => (r.t === 12 ? { ...r, temperature: r.temperature + 1 } : r))),
)
write(join(real, 'tests/arrays/arrays.xmile'), ARRAYS_XMILE)
write(join(real, 'tests/arrays/output.csv'), 'Time,Population[North],Population[South]\n0,10,10\n1,10,10\n2,10,10\n')
write(join(real, 'tests/conveyor/conveyor.xmile'), CONVEYOR_XMILE)
write(join(real, 'tests/conveyor/output.csv'), 'Time,Belt\n0,1\n1,1\n2,1\n')
write(join(real, 'tests/broken/broken.xmile'), TEACUP_XMILE.slice(0, TEACUP_XMILE.indexOf('</flow>')))
write(join(real, 'tests/broken/output.csv'), teacupOutput(euler))

const xmileSupported = await loadModel(teacupXmile).then(
  () => true,
  () => false,
)

describe('conformance runner (XMILE through loadModel)', () => {
  it.skipIf(!xmileSupported)('passes, fails, skips and reports broken files', async () => {
    const { code, stdout } = await command(real, { floors: {} })
    expect(code).toBe(0)
    const lines = stdout.trimEnd().split('\n')
    expect(lines[0]).toBe('PASS tests/arrays/arrays.xmile')
    expect(lines[1]).toMatch(/^FAIL tests\/broken\/broken\.xmile: \S/)
    expect(lines[2]).toMatch(/^SKIP tests\/conveyor\/conveyor\.xmile: .*conveyors/)
    expect(lines[3]).toBe('PASS tests/teacup/teacup.xmile')
    expect(lines[4]).toMatch(/^FAIL tests\/teacup_wrong\/teacup\.xmile: worst column "Teacup Temperature" at time 12: /)
    expect(lines[5]).toBe('2 passed, 2 failed, 1 skipped')
  })

  const teacupSample = corpusPath('test-models', 'samples/teacup')
  it.skipIf(!xmileSupported || !teacupSample)('passes the corpus teacup.xmile', async () => {
    const report = await runConformance(teacupSample!)
    expect(report.rows.find((r) => r.file === 'teacup.xmile')).toEqual({ file: 'teacup.xmile', status: 'pass' })
  })
})

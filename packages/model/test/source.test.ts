import { afterAll, describe, expect, it } from 'vitest'
import { modelFromData, modelToJSON, modelToSource, parseEquation, validate } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import involution from '../../../seeds/involution/model.js'
import sir from '../../../seeds/SIR/model.js'
import teacup from '../../../seeds/teacup/model.js'
import { removeWritten, roundTrip, typeErrors } from './source-support.js'

afterAll(removeWritten)

const seeds: [string, Model][] = [
  ['teacup', teacup],
  ['SIR', sir],
  ['involution', involution],
]

describe('modelToSource', () => {
  const files: string[] = []

  for (const [name, seed] of seeds) {
    it(`${name}: the source rebuilds the same model JSON and the same run`, async () => {
      const back = await roundTrip(seed, name)
      files.push(back.file)
      expect(modelToJSON(back.model)).toBe(modelToJSON(seed))
      const a = simulate(seed)
      const b = simulate(back.model)
      expect(b.names).toEqual(a.names)
      for (const n of a.names) expect(b.get(n)).toEqual(a.get(n))
      // Every reference is a typed handle: no quoted names are left in the templates.
      expect(back.source).not.toMatch(/eq`[^`]*"/)
    })
  }

  it('the generated sources type-check under the strict tsconfig', () => {
    expect(files).toHaveLength(3)
    expect(typeErrors(files)).toEqual([])
  })

  it('writes readable handles and imports only what it uses', () => {
    const source = modelToSource(teacup)
    expect(source).toContain("import { eq, flow, model, param, stock } from '@stockflow/model'")
    expect(source).toContain('const heatLossToRoom = flow(')
    expect(source).toContain('rate: eq`(${teacupTemperature} - ${roomTemperature}) / ${characteristicTime}`')
    // A handle is declared before the flow that uses it.
    expect(source.indexOf('const characteristicTime')).toBeLessThan(source.indexOf('const heatLossToRoom'))
  })

  it('keeps hostile names and texts inside their literals', async () => {
    const hostile = modelFromData({
      name: "it's a `model` ${x} */ \\",
      doc: 'line one\nline two\r\n\u2028end',
      time: { start: 0, stop: 2, dt: 0.5, method: 'rk4' },
      elements: [
        { kind: 'stock', name: 'Größe', initial: '10', outflows: ['drain'], nonNegative: true },
        { kind: 'flow', name: 'drain', equation: '"Größe" * "class" / "it\'s `${x}`"' },
        { kind: 'param', name: 'class', value: 0.5, units: '1/year' },
        { kind: 'param', name: "it's `${x}`", value: 2, doc: '*/ // ${oops} \\u0041' },
        { kind: 'param', name: 'model', value: 1 },
        { kind: 'param', name: 'lone \ud800 surrogate\u0000', value: 3 },
        { kind: 'aux', name: '产能', equation: '"model" + "Effect"("class")' },
        { kind: 'lookup', name: 'Effect', x: [0, 1], y: [0, 2], mode: 'extrapolate' },
        { kind: 'aux', name: '💰', equation: '2', graph: { x: [0, 1], y: [1, 0], mode: 'discrete' } },
        { kind: 'aux', name: 'Room-Temp', equation: '1e3' },
        { kind: 'aux', name: 'Room Temp', equation: 'if("class" > 0, -"model", 3)' },
      ],
      // JSON.parse makes "__proto__" an own key, as a JSON model file would.
      scenarios: [{ id: 'S0', name: 'hostile', set: JSON.parse('{"__proto__": 3, "it\'s `${x}`": 4}') }],
      loops: [{ id: 'B1', name: 'drain', polarity: 'balancing', variables: ['Größe', 'drain'], story: '`${1}`' }],
      views: [{ name: 'main', items: [{ id: 'größe', x: 1, y: 2, points: [[0, 0]] }] }],
    })
    // "__proto__" names no variable: validation says so (as plain text), and the key still travels.
    expect(validate(hostile).filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'scenario-key', message: expect.stringContaining('cannot set "__proto__"') }),
    ])
    const back = await roundTrip(hostile, 'hostile')
    expect(modelToJSON(back.model)).toBe(modelToJSON(hostile))
    expect(Object.keys(back.model.scenarios![0]!.set)).toEqual(['__proto__', "it's `${x}`"])
    expect(back.source).toContain('const 产能 = aux(')
    expect(back.source).toContain('const classParam = param(')
    expect(back.source).toContain('const modelParam = param(')
    expect(back.source).toMatch(/const roomTemp2? = aux\(/)
    // A graph with a mode is the DSL's `{ points, mode }`.
    expect(back.source).toContain(
      "const unnamedAux = aux('💰', { equation: 2, graph: { points: [[0, 1], [1, 0]], mode: 'discrete' } })",
    )
    expect(back.source).toContain("const loneSurrogate = param('lone \\ud800 surrogate\\u0000', 3)")
    expect(typeErrors([back.file])).toEqual([])
  })

  it('rewrites underscored names as handles, keeping the equation the same', async () => {
    const m = modelFromData({
      name: 'cup',
      time: { start: 0, stop: 1, dt: 0.25 },
      elements: [
        { kind: 'stock', name: 'Teacup Temperature', initial: 'Room_Temperature + 110', outflows: ['heat_loss'] },
        { kind: 'flow', name: 'Heat Loss', equation: '(teacup_temperature - ROOM_TEMPERATURE) / 10' },
        { kind: 'param', name: 'Room Temperature', value: 70 },
      ],
    })
    const back = await roundTrip(m, 'underscored')
    expect(back.source).toContain('initial: eq`${roomTemperature} + 110`')
    back.model.elements.forEach((e, i) => {
      const orig = m.elements[i]!
      if (e.kind === 'flow' && orig.kind === 'flow') {
        expect(parseEquation(e.equation)).toMatchObject({ type: 'binary', op: '/' })
        expect(e.equation).toBe('("Teacup Temperature" - "Room Temperature") / 10')
      }
    })
    expect(simulate(back.model).get('Teacup Temperature')).toEqual(simulate(m).get('Teacup Temperature'))
  })

  it('writes a lookup call under a minus or a power as the parser reads it back', async () => {
    const m = modelFromData({
      name: 'negated',
      time: { start: 0, stop: 1, dt: 0.25 },
      elements: [
        { kind: 'lookup', name: 'Effect', x: [0, 4], y: [0, 1] },
        { kind: 'aux', name: 'y', equation: '-Effect(2) ^ 2' },
      ],
    })
    const back = await roundTrip(m, 'negated')
    expect(back.source).toContain('equation: eq`-${effect}(2) ^ 2`')
    expect(simulate(back.model).get('y')).toEqual(simulate(m).get('y'))
  })

  it('keeps stock flow lists the DSL cannot rebuild, and custom ids, as overrides', async () => {
    const m = modelFromData({
      name: 'odd',
      time: { start: 0, stop: 1, dt: 0.5 },
      elements: [
        { kind: 'stock', name: 'A', initial: '1', outflows: ['g', 'f'] },
        { kind: 'stock', name: 'B', initial: '1', outflows: ['f'] },
        { kind: 'stock', name: 'C', initial: '1', inflows: ['g'] },
        { kind: 'flow', name: 'f', equation: '1' },
        { kind: 'flow', name: 'g', id: 'g', equation: '"A" * 0.1', graph: { x: [0, 1], y: [0, 1] } },
        { kind: 'aux', name: 'broken', equation: '1 +* 2' },
      ],
    })
    const back = await roundTrip(m, 'odd')
    expect(modelToJSON(back.model)).toBe(modelToJSON(m))
    expect(back.source).toContain("outflows: ['g', 'f']")
    expect(back.source).toContain('equation: eq`1 +* 2`')
    // A flow's graph is the DSL's own option.
    expect(back.source).toMatch(/const g = flow\('g', \{.*graph: \[\[0, 0\], \[1, 1\]\]/s)
  })

  it('keeps explicit flow lists on a stock whose initial value needs its own flow', async () => {
    const m = modelFromData({
      name: 'self',
      time: { start: 0, stop: 2, dt: 1 },
      elements: [
        { kind: 'stock', name: 'S', initial: '"F" * 10', outflows: ['f'] },
        { kind: 'flow', name: 'F', equation: '0.1 * 2' },
        { kind: 'stock', name: 'T', initial: '1', inflows: ['f'] },
      ],
    })
    const back = await roundTrip(m, 'self')
    expect(modelToJSON(back.model)).toBe(modelToJSON(m))
    expect(back.source).toContain("outflows: ['f']")
    expect(back.source).toContain('to: t,')
    expect(typeErrors([back.file])).toEqual([])
  })

  it('declares mutually dependent elements anyway, quoting the back reference', async () => {
    const m = modelFromData({
      name: 'loop',
      time: { start: 0, stop: 1, dt: 1 },
      elements: [
        { kind: 'aux', name: 'x', equation: '"y" + 1' },
        { kind: 'aux', name: 'y', equation: '"x" * 2' },
      ],
    })
    const back = await roundTrip(m, 'cycle')
    expect(modelToJSON(back.model)).toBe(modelToJSON(m))
  })
})

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { canonicalId } from '@stockflow/model'
import type { ElementKind } from '@stockflow/model'
import { readSketch } from '../src/sketch.js'
import type { SketchResolve } from '../src/sketch.js'
import { corpusPath } from '../../../test/support/corpus.js'

const MARKER = '\\\\\\---/// Sketch information - do not modify anything except names'
const VERSION = 'V300  Do not put anything below this section - it will be ignored'
const STYLE = '$192-192-192,0,Arial|12||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|96,96,100,0'

/** A resolver over names and kinds, folding case and spaces as the model's ids do. */
const resolver = (elements: Record<string, ElementKind>): SketchResolve => {
  const byId = new Map(Object.entries(elements).map(([name, kind]) => [canonicalId(name), kind]))
  return (name) => {
    const id = canonicalId(name)
    const kind = byId.get(id)
    return kind === undefined ? undefined : { id, kind }
  }
}

const inventory = resolver({
  Inventory: 'stock',
  production: 'flow',
  shipments: 'flow',
  'production time': 'param',
})

/** Inventory filled from a cloud on its left and drained into a cloud below it, drawn by hand. */
const factory = [
  MARKER,
  VERSION,
  '*Stock and flow',
  STYLE,
  '10,1,Inventory,300,100,40,20,3,3,0,0,0,0,0,0',
  '12,2,48,120,100,10,8,0,3,0,0,-1,0,0,0',
  '1,3,5,1,4,0,0,22,0,0,0,-1--1--1,,1|(230,100)|',
  '1,4,5,2,100,0,0,22,0,0,0,-1--1--1,,1|(150,100)|',
  '11,5,48,190,100,6,8,34,3,0,0,1,0,0,0',
  '10,6,production,190,120,30,11,40,3,0,0,-1,0,0,0',
  '10,7,production time,120,170,40,11,8,3,0,0,0,0,0,0',
  '1,8,7,5,1,0,43,0,0,64,0,-1--1--1,,1|(160,140)|',
  '10,9,Time,400,180,20,11,8,2,0,0,-1,0,0,0',
  '1,10,9,6,0,0,0,0,0,64,0,-1--1--1,,1|(0,0)|',
  '10,11,Inventory,420,60,40,20,8,2,0,3,-1,0,0,0,128-128-128,0-0-0,|12||128-128-128',
  '1,12,11,14,0,0,45,0,0,64,0,-1--1--1,|12||0-0-0,1|(0,0)|',
  '12,13,0,300,220,60,20,8,4,0,0,-1,0,0,0',
  '10,99,a comment that looks like a variable,1,2,3,4,5,6',
  '11,14,48,300,180,8,6,33,3,0,0,4,0,0,0',
  '10,15,shipments,340,180,30,11,40,3,0,0,-1,0,0,0',
  '12,16,48,300,260,10,8,0,3,0,0,-1,0,0,0',
  '1,17,14,16,4,0,0,22,0,0,0,-1--1--1,,1|(300,230)|',
  '1,18,14,1,100,0,0,22,0,0,0,-1--1--1,,1|(300,150)|',
  '30,19,picture.bmp,500,500,8,8,8,0,0,0,-1,0,0,0',
].join('\n')

describe('readSketch: one view', () => {
  const { views, problems } = readSketch(factory, 120, inventory)

  it('places stocks (full size), valves as flows with their pipes, clouds, and variables', () => {
    expect(problems).toEqual([])
    expect(views).toHaveLength(1)
    expect(views[0]!.name).toBe('Stock and flow')
    expect(views[0]!.items).toEqual([
      { id: 'inventory', x: 300, y: 100, width: 80, height: 40 },
      { id: 'production', x: 120, y: 100, width: 20, height: 16, kind: 'cloud' },
      // A flow sits at its valve; its pipe runs from the cloud's centre to the stock's edge.
      {
        id: 'production',
        x: 190,
        y: 100,
        points: [
          [120, 100],
          [260, 100],
        ],
      },
      { id: 'production_time', x: 120, y: 170 },
      { id: 'inventory', x: 420, y: 60, kind: 'alias', uid: 11 },
      // Drawn sink first in the file, the pipe still runs from its source: down out of the stock.
      {
        id: 'shipments',
        x: 300,
        y: 180,
        points: [
          [300, 120],
          [300, 260],
        ],
      },
      { id: 'shipments', x: 300, y: 260, width: 20, height: 16, kind: 'cloud' },
    ])
  })

  it('reads connectors: to a valve is to its flow, from a shadow names the alias, arcs keep their point', () => {
    expect(views[0]!.links).toEqual([
      { from: 'production_time', to: 'production', points: [[160, 140]], polarity: '+' },
      { from: 'inventory', to: 'shipments', fromAlias: 11, polarity: '-' },
    ])
  })
})

describe('readSketch: several views, names, odd names', () => {
  const text = [
    ' - do not modify anything except names',
    VERSION,
    '*Main',
    STYLE,
    '10,1,Inventory,300,100,40,20,3,3,0,0,0,0,0,0',
    MARKER,
    VERSION,
    '*Notes',
    STYLE,
    '12,1,0,100,100,60,20,8,4,0,0,-1,0,0,0',
    'Only a note: this view places nothing',
    MARKER,
    VERSION,
    '*Odd names',
    STYLE,
    '10,1,"unit cost, \\"net\\"",100,100,40,11,8,3,0,0,0,0,0,0',
    '10,2,"Stock with \\n break",200,100,40,20,3,3,0,0,0,0,0,0',
    '10,3,"not in the model",300,100,40,11,8,3,0,0,0,0,0,0',
    '1,4,1,3,0,0,0,0,0,64,0,-1--1--1,,1|(0,0)|',
    '///---\\\\\\',
    ':L<%^E!@',
  ].join('\n')
  const asked: string[] = []
  const known = resolver({ Inventory: 'stock', 'unit cost, "net"': 'param', 'Stock with \\n break': 'stock' })
  const { views, problems } = readSketch(text, 10, (name) => (asked.push(name), known(name)))

  it('keeps each view that places something, with its name', () => {
    expect(problems).toEqual([])
    expect(views.map((v) => v.name)).toEqual(['Main', 'Odd names'])
  })

  it('asks for names unquoted, escapes read; skips names the model lacks and their connectors', () => {
    expect(asked).toContain('unit cost, "net"')
    expect(asked).toContain('Stock with \\n break')
    expect(views[1]!.items.map((i) => i.id)).toEqual([canonicalId('unit cost, "net"'), 'stock_with_break'])
    expect(views[1]!.links).toEqual([])
  })

  it('leaves out what Vensim hides: a variable and an arrow with a hide level', () => {
    const hidden = [
      MARKER,
      VERSION,
      '*Hidden',
      STYLE,
      '10,1,Inventory,300,100,40,20,3,3,0,0,0,0,0,0',
      '10,2,production time,100,100,40,20,8,2,1,0,-1,0,0,0',
      '1,3,2,1,0,1,0,0,0,0,0,-1--1--1,,1|(0,0)|',
      '///---\\\\\\',
    ].join('\n')
    const [view] = readSketch(hidden, 1, inventory).views
    expect(view!.items.map((i) => i.id)).toEqual(['inventory'])
    expect(view!.links).toEqual([])
  })

  it('reads a sketch given from the marker line on, or from the version line on', () => {
    const body = factory.split('\n')
    expect(readSketch(body.slice(1).join('\n'), 2, inventory).views).toEqual(readSketch(factory, 1, inventory).views)
  })
})

describe('readSketch: a valve and its flow apart', () => {
  it('pairs a flow with the nearest free valve when it does not follow it', () => {
    const text = [
      VERSION,
      '*View 1',
      '10,1,Inventory,300,100,40,20,3,3,0,0,0,0,0,0',
      '11,2,48,190,100,6,8,34,3,0,0,1,0,0,0',
      '11,3,48,500,100,6,8,34,3,0,0,1,0,0,0',
      '10,4,shipments,500,120,30,11,40,3,0,0,-1,0,0,0',
      '10,6,production,190,120,30,11,40,3,0,0,-1,0,0,0',
    ].join('\n')
    const items = readSketch(text, 1, inventory).views[0]!.items
    expect(items.find((i) => i.id === 'production')).toMatchObject({ x: 190, y: 100 })
    expect(items.find((i) => i.id === 'shipments')).toMatchObject({ x: 500, y: 100 })
  })
})

describe('readSketch: a pipe that meets its stock off centre', () => {
  it('ends at the edge facing the valve, within the box, bending at the valve', () => {
    const text = [
      VERSION,
      '*View 1',
      '10,1,Inventory,300,160,40,20,3,3,0,0,0,0,0,0',
      '12,2,48,120,100,10,8,0,3,0,0,-1,0,0,0',
      '1,3,5,1,4,0,0,22,0,0,0,-1--1--1,,1|(230,100)|',
      '1,4,5,2,100,0,0,22,0,0,0,-1--1--1,,1|(150,100)|',
      '11,5,48,190,100,6,8,34,3,0,0,1,0,0,0',
      '10,6,production,190,120,30,11,40,3,0,0,-1,0,0,0',
    ].join('\n')
    const flow = readSketch(text, 1, inventory).views[0]!.items.find((i) => i.id === 'production' && !i.kind)
    expect(flow?.points).toEqual([
      [120, 100],
      [190, 100],
      [260, 140],
    ])
  })
})

describe('readSketch: problems', () => {
  it('names each malformed line by line and column, and keeps reading', () => {
    const text = [
      VERSION,
      '*View 1',
      '10,1,Inventory,abc,100,40,20,3,3,0,0,0,0,0,0',
      '1,2,1,3,0,0,0,0,0,64,0,-1--1--1,,',
      'hello world',
      '10,4,production,1,2',
      '1,5,x,3,0,0,0,0,0,64,0,-1--1--1,,1|(0,0)|',
      '10,6,Inventory,300,100,40,20,3,3,0,0,0,0,0,0',
    ].join('\n')
    const { views, problems } = readSketch(text, 40, inventory, 1000)
    expect(problems.map((p) => [p.pos.line, p.pos.column, p.variable, p.message])).toEqual([
      [
        42,
        16,
        'Inventory',
        'sketch: a variable\'s x "abc" is not a number; fix the line or delete it (Vensim rewrites the sketch when it saves the model)',
      ],
      [
        43,
        34,
        undefined,
        'sketch: an arrow must end with its point list (`1|(x,y)|`); fix the line or delete it (Vensim rewrites the sketch when it saves the model)',
      ],
      [
        44,
        1,
        undefined,
        `sketch: "hello world" is not a line of Vensim's sketch format; delete it, or save the model from Vensim again`,
      ],
      [
        45,
        20,
        'production',
        'sketch: a variable needs at least 9 fields (type,id,name,x,y,width,height,shape,bits); this line has 5; fix the line or delete it (Vensim rewrites the sketch when it saves the model)',
      ],
      [
        46,
        5,
        undefined,
        `sketch: an arrow's from "x" is not a number; fix the line or delete it (Vensim rewrites the sketch when it saves the model)`,
      ],
    ])
    // Offsets count from where the text starts in the file.
    expect(problems[0]!.pos.offset).toBe(1000 + VERSION.length + 1 + '*View 1'.length + 1 + 15)
    expect(views[0]!.items).toEqual([{ id: 'inventory', x: 300, y: 100, width: 80, height: 40 }])
  })
})

/** Element kinds from a `.mdl`'s equations, roughly: enough to resolve World3's sketch names. */
function roughKinds(mdl: string): Record<string, ElementKind> {
  const kinds: Record<string, ElementKind> = {}
  const flows: string[] = []
  for (const block of mdl.slice(0, mdl.indexOf('\\\\\\---///')).split('|')) {
    const m = /^\s*([^=(~]+?)\s*(=|\()([\s\S]*)$/.exec(block.split('~')[0]!.replace('{UTF-8}', ''))
    if (!m || m[1]!.includes('*')) continue
    const rhs = m[3]!.trim()
    const stock = /^INTEG\s*\(/i.test(rhs)
    if (stock)
      flows.push(
        ...rhs
          .slice(rhs.indexOf('(') + 1)
          .split(',')[0]!
          .split(/[-+()]/),
      )
    kinds[m[1]!] = m[2] === '(' ? 'lookup' : stock ? 'stock' : /^-?[\d.eE+]+$/.test(rhs) ? 'param' : 'aux'
  }
  for (const f of flows.map((f) => f.trim())) if (kinds[f] === 'aux') kinds[f] = 'flow'
  return kinds
}

const world3 = corpusPath('world3', 'wrld3-03.mdl')

describe.skipIf(!world3)('readSketch: World3 from the corpus', () => {
  it("reads every view's name and places every stock and most auxiliaries", () => {
    const mdl = readFileSync(world3!, 'latin1')
    const kinds = roughKinds(mdl)
    const at = mdl.indexOf('\\\\\\---///')
    const { views, problems } = readSketch(mdl.slice(at), mdl.slice(0, at).split('\n').length, resolver(kinds))
    expect(problems).toEqual([])
    // The title page holds only comments: it places nothing.
    expect(views.map((v) => v.name)).toEqual([
      'Demographics',
      'Fertility',
      'Life Expectancy',
      'Persistant Pollution',
      'Nonrenewable Resources',
      'Food Production',
      'Agriculture Productivity',
      'Land Development, Loss, Fertility',
      'Industrial Output',
      'Services Output',
      'Jobs',
      'Welfare & Footprint',
      'Output Graphs',
    ])
    const own = new Set(views.flatMap((v) => v.items.filter((i) => !i.kind).map((i) => i.id)))
    const ids = (kind: ElementKind) =>
      Object.entries(kinds)
        .filter(([, k]) => k === kind)
        .map(([name]) => canonicalId(name))
    expect(ids('stock').length).toBeGreaterThan(10)
    expect(ids('stock').filter((id) => !own.has(id))).toEqual([])
    expect(ids('flow').filter((id) => !own.has(id))).toEqual([])
    const auxes = ids('aux')
    expect(auxes.filter((id) => own.has(id)).length).toBeGreaterThan(0.9 * auxes.length)
    for (const v of views) {
      // Every flow drawn has its pipe; every alias is named for links, and links name aliases that are there.
      for (const i of v.items) if (kinds[i.id] === 'flow' && !i.kind) expect(i.points?.length).toBeGreaterThan(1)
      const aliases = new Set(v.items.filter((i) => i.kind === 'alias').map((i) => i.uid))
      expect(aliases.has(undefined)).toBe(false)
      for (const l of v.links ?? []) {
        if (l.fromAlias !== undefined) expect(aliases.has(l.fromAlias)).toBe(true)
        if (l.toAlias !== undefined) expect(aliases.has(l.toAlias)).toBe(true)
      }
    }
    expect(views.reduce((n, v) => n + v.items.filter((i) => i.kind === 'alias').length, 0)).toBeGreaterThan(50)
  })
})

import { describe, expect, it } from 'vitest'
import { canonicalId } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { vensimName } from '../src/export-names.js'
import { sketchName } from '../src/export-sketch-names.js'
import { sketchSection } from '../src/export-sketch.js'
import { exportMdl, importMdl } from '../src/index.js'

const COST = 'unit cost, "net"'
const cost = canonicalId(COST)

/** One view with each kind of object, and a second, unnamed view with an alias no link names. */
const factory: Model = {
  name: 'factory',
  time: { start: 0, stop: 100, dt: 1 },
  elements: [
    {
      kind: 'stock',
      name: 'Inventory',
      id: 'inventory',
      initial: '100',
      inflows: ['production'],
      outflows: ['shipments', 'leak'],
    },
    { kind: 'flow', name: 'production', id: 'production', equation: 'Inventory / production_time' },
    { kind: 'flow', name: 'shipments', id: 'shipments', equation: 'Inventory * 0.1' },
    { kind: 'flow', name: 'leak', id: 'leak', equation: 'effect_table(Inventory)' },
    { kind: 'param', name: 'production time', id: 'production_time', value: 5 },
    { kind: 'aux', name: COST, id: cost, equation: '2' },
    { kind: 'lookup', name: 'effect table', id: 'effect_table', x: [0, 1], y: [0, 1] },
  ],
  views: [
    {
      name: 'Stock and flow',
      items: [
        { id: 'inventory', x: 300, y: 100, width: 80, height: 40 },
        { id: 'production', x: 120, y: 100, width: 20, height: 16, kind: 'cloud' },
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
        // No cloud placed at its sink, and its valve off the pixel grid.
        {
          id: 'shipments',
          x: 400.4,
          y: 100,
          points: [
            [340, 100],
            [480, 100],
          ],
        },
        // Down out of the stock: an upright valve with its name beside it.
        {
          id: 'leak',
          x: 300,
          y: 180,
          points: [
            [300, 120],
            [300, 260],
          ],
        },
        { id: 'inventory', x: 420, y: 60, kind: 'alias', uid: 7 },
        { id: cost, x: 200, y: 240 },
        { id: 'effect_table', x: 500, y: 240 },
      ],
      links: [
        { from: 'production_time', to: 'production', points: [[160, 140]], polarity: '+' },
        { from: 'inventory', to: 'shipments', fromAlias: 7, polarity: '-' },
        {
          from: cost,
          to: 'shipments',
          points: [
            [250, 200],
            [400, 200],
          ],
        },
        { from: 'effect_table', to: 'leak' },
      ],
    },
    {
      items: [
        { id: 'production_time', x: 50, y: 50 },
        { id: 'inventory', x: 150, y: 50, kind: 'alias' },
      ],
    },
  ],
}

const HEADER = [
  '\\\\\\---/// Sketch information - do not modify anything except names',
  'V300  Do not put anything below this section - it will be ignored',
]
const STYLE = '$192-192-192,0,Times New Roman|12||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|96,96,100,0'
const settings = (start: number, stop: number) => [
  '///---\\\\\\',
  ':L<%^E!@',
  '1:Current.vdf',
  '9:Current',
  '15:0,0,0,0,0,0',
  '19:100,0',
  '27:2,',
  '34:0,',
  '4:Time',
  `24:${start}`,
  `25:${stop}`,
  `26:${stop}`,
]

describe('sketchSection: a small model', () => {
  it('writes each view as Vensim does: words, clouds, pipes, valves, shadows, connectors, then the settings', () => {
    expect(sketchSection(factory).split('\n')).toEqual([
      ...HEADER,
      '*Stock and flow',
      STYLE,
      '10,1,Inventory,300,100,40,20,3,3,0,0,0,0,0,0',
      '12,2,48,120,100,10,8,0,3,0,0,-1,0,0,0',
      // A flow: its pipes (sink, then the source's with shape 100), its valve, its name attached below.
      '1,3,5,1,4,0,0,22,0,0,0,-1--1--1,,1|(260,100)|',
      '1,4,5,2,100,0,0,22,0,0,0,-1--1--1,,1|(120,100)|',
      '11,5,48,190,100,6,8,34,3,0,0,1,0,0,0',
      '10,6,production,190,119,30,11,40,3,0,0,-1,0,0,0',
      '10,7,production time,120,170,45,11,8,3,0,0,0,0,0,0',
      // The view has no cloud at the sink of shipments: one is made where its pipe ends.
      '12,8,48,480,100,10,8,0,3,0,0,-1,0,0,0',
      '1,9,11,8,4,0,0,22,0,0,0,-1--1--1,,1|(480,100)|',
      '1,10,11,1,100,0,0,22,0,0,0,-1--1--1,,1|(340,100)|',
      '11,11,48,400,100,6,8,34,3,0,0,1,0,0,0',
      '10,12,shipments,400,119,27,11,40,3,0,0,-1,0,0,0',
      '12,13,48,300,260,10,8,0,3,0,0,-1,0,0,0',
      '1,14,16,13,4,0,0,22,0,0,0,-1--1--1,,1|(300,260)|',
      '1,15,16,1,100,0,0,22,0,0,0,-1--1--1,,1|(300,120)|',
      '11,16,48,300,180,8,6,33,3,0,0,4,0,0,0',
      '10,17,leak,320,180,12,11,40,3,0,0,-1,0,0,0',
      '10,18,Inventory,420,60,27,11,8,2,0,3,-1,0,0,0,128-128-128,0-0-0,|12||128-128-128',
      '10,19,"unit cost, \\"net\\"",200,240,48,11,8,3,0,0,0,0,0,0',
      '10,20,effect table,500,240,36,11,8,3,0,0,0,0,0,0',
      // Connectors: an arc through its point with a + mark, from the shadow with a - mark, a polyline, straight.
      '1,21,7,6,1,0,43,0,0,64,0,-1--1--1,,1|(160,140)|',
      '1,22,18,12,0,0,45,0,0,64,0,-1--1--1,,1|(0,0)|',
      '1,23,19,12,2,0,0,0,0,64,0,-1--1--1,,2|(250,200)|(400,200)|',
      '1,24,20,17,0,0,0,0,0,64,0,-1--1--1,,1|(0,0)|',
      ...HEADER,
      '*View 2',
      STYLE,
      '10,1,production time,50,50,45,11,8,3,0,0,0,0,0,0',
      '10,2,Inventory,150,50,27,11,8,2,0,3,-1,0,0,0,128-128-128,0-0-0,|12||128-128-128',
      ...settings(0, 100),
      '',
    ])
  })

  it('reads back into the same views: the new clouds added, the valve on the grid, aliases renumbered', () => {
    const equations = [
      '{UTF-8}',
      'Inventory = INTEG(production - shipments - leak, 100) ~~|',
      'production = Inventory / production time ~~|',
      'shipments = Inventory * 0.1 ~~|',
      'leak = effect table(Inventory) ~~|',
      'production time = 5 ~~|',
      '"unit cost, \\"net\\"" = 2 ~~|',
      'effect table((0,0),(1,1)) ~~|',
      'INITIAL TIME = 0 ~~|',
      'FINAL TIME = 100 ~~|',
      'TIME STEP = 1 ~~|',
      'SAVEPER = 1 ~~|',
      '',
    ].join('\n')
    const { model } = importMdl(equations + sketchSection(factory), 'factory.mdl')
    const [first, second] = factory.views!
    const [inventory, cloud, production, time, shipments, leak, alias, costItem, table] = first!.items
    const newCloud = (id: string, x: number, y: number) => ({ id, x, y, width: 20, height: 16, kind: 'cloud' as const })
    expect(model.views).toEqual([
      {
        ...first,
        items: [
          inventory,
          cloud,
          production,
          time,
          newCloud('shipments', 480, 100),
          { ...shipments, x: 400 },
          newCloud('leak', 300, 260),
          leak,
          { ...alias, uid: 18 },
          costItem,
          table,
        ],
        links: first!.links!.map((l) => (l.fromAlias === 7 ? { ...l, fromAlias: 18 } : l)),
      },
      { name: 'View 2', items: [second!.items[0], { ...second!.items[1], uid: 2 }], links: [] },
    ])
  })
})

describe('sketchSection: edge cases', () => {
  it('gives a model without views one empty view, which reads back as no view', () => {
    const bare: Model = { name: 'bare', time: { start: 1900, stop: 2100.5, dt: 0.5 }, elements: [] }
    const text = sketchSection(bare)
    expect(text.split('\n')).toEqual([...HEADER, '*View 1', STYLE, ...settings(1900, 2100.5), ''])
    const equations = 'INITIAL TIME = 1900 ~~|\nFINAL TIME = 2100.5 ~~|\nTIME STEP = 0.5 ~~|\n'
    expect(importMdl(equations + text).model.views).toBeUndefined()
  })

  it('leaves out what it cannot draw: unknown names, a cloud of no flow, links to what is not drawn', () => {
    const model: Model = {
      ...factory,
      views: [
        {
          name: 'Odd',
          items: [
            { id: 'nowhere', x: 1, y: 1 },
            { id: 'production_time', x: 10, y: 10, kind: 'cloud' },
            { id: 'production_time', x: Number.NaN, y: 10 },
            { id: 'effect_table', x: 30, y: 30 },
            { id: 'effect_table', x: 60, y: 30 },
          ],
          links: [
            { from: 'nowhere', to: 'effect_table' },
            { from: 'effect_table', to: 'effect_table', toAlias: 99 },
            { from: 'effect_table', to: 'production_time' },
            { from: 'effect_table', to: 'effect_table', fromAlias: 1 },
          ],
        },
      ],
    }
    // The element drawn twice is its own word once, then a shadow; no link has two drawn ends apart.
    expect(sketchSection(model).split('\n').slice(4, -13)).toEqual([
      '10,1,effect table,30,30,36,11,8,3,0,0,0,0,0,0',
      '10,2,effect table,60,30,36,11,8,2,0,3,-1,0,0,0,128-128-128,0-0-0,|12||128-128-128',
    ])
  })

  it('pipes a flow the view gives no points to its stocks drawn there; without them, a valve alone', () => {
    const model: Model = {
      ...factory,
      views: [
        {
          name: 'Unrouted',
          items: [
            { id: 'inventory', x: 300, y: 100, width: 80, height: 40 },
            { id: 'production', x: 190, y: 100 },
            { id: 'shipments', x: 500, y: 400 },
          ],
        },
      ],
    }
    expect(sketchSection(model).split('\n').slice(4, -13)).toEqual([
      '10,1,Inventory,300,100,40,20,3,3,0,0,0,0,0,0',
      '1,2,3,1,4,0,0,22,0,0,0,-1--1--1,,1|(300,100)|',
      '11,3,48,190,100,6,8,34,3,0,0,1,0,0,0',
      '10,4,production,190,119,30,11,40,3,0,0,-1,0,0,0',
      // Its stock drawn, shipments gets a pipe from it, upright as the stock is above; no sink, no pipe.
      '1,5,6,1,100,0,0,22,0,0,0,-1--1--1,,1|(300,100)|',
      '11,6,48,500,400,8,6,33,3,0,0,4,0,0,0',
      '10,7,shipments,535,400,27,11,40,3,0,0,-1,0,0,0',
    ])
  })

  it('numbers views given the same name', () => {
    const model: Model = {
      ...factory,
      views: [{ name: 'Main', items: [] }, { name: ' main ', items: [] }, { items: [] }],
    }
    const names = sketchSection(model)
      .split('\n')
      .filter((l) => l.startsWith('*'))
    expect(names).toEqual(['*Main', '*main 2', '*View 3'])
  })
})

describe('sketchName', () => {
  it('writes a name bare where the equations do: ASCII words and single spaces', () => {
    expect(sketchName('Population 0 To 14')).toBe('Population 0 To 14')
    expect(sketchName('_hidden rate')).toBe('_hidden rate')
    expect(sketchName('Max')).toBe('Max')
  })

  it('quotes any other, as the equations do, escaping quotes, its white space folded onto one line', () => {
    expect(sketchName('产能')).toBe('"产能"')
    expect(sketchName('unit cost, net')).toBe('"unit cost, net"')
    expect(sketchName('Hyphenated-Stockname')).toBe('"Hyphenated-Stockname"')
    expect(sketchName('1995€/$')).toBe('"1995€/$"')
    expect(sketchName('say "hi"')).toBe('"say \\"hi\\""')
    expect(sketchName('and \\ backslashes')).toBe('"and \\ backslashes"')
    expect(sketchName('two  spaces\tand a tab')).toBe('"two spaces and a tab"')
    for (const name of ['Población', 'two  spaces', 'x.y', 'say "hi"'])
      expect(sketchName(name)).toBe(vensimName(name).replace(/\s+/g, ' '))
  })

  it('refuses, as the equations do, a name ending with a backslash', () => {
    expect(() => sketchName('ends with \\')).toThrow(/ends with a backslash/)
  })

  it('quotes a name in the sketch where exportMdl quotes it in the equations, so the two match', () => {
    const names = ['Población', 'two  spaces', 'growth-rate', 'Max']
    const model: Model = {
      name: 'quoted',
      time: { start: 0, stop: 1, dt: 1 },
      elements: names.map((name) => ({ kind: 'param', name, id: canonicalId(name), value: 1 })),
      views: [{ items: names.map((name, k) => ({ id: canonicalId(name), x: 10, y: 10 + 40 * k })) }],
    }
    const text = exportMdl(model)
    const [equations, sketch] = text.split('\\\\\\---///')
    for (const name of names) {
      const written = vensimName(name)
      expect(equations).toContain(`\n${written} = 1\n`)
      expect(sketch).toContain(`,${written.replace(/\s+/g, ' ')},`)
    }
    expect(sketch).toContain(',"Población",')
    expect(sketch).toContain(',"two spaces",')
    expect(sketch).toContain(',Max,')
    const back = importMdl(text).model
    expect(back.views?.[0]?.items.map((i) => i.id)).toEqual(names.map((n) => canonicalId(n.replace(/\s+/g, ' '))))
  })

  it('reads back through the sketch reader as the same name', () => {
    const names = [
      'unit cost, "net"',
      'Stock with \\n break',
      '$ euro',
      'x.y',
      'plain',
      '产能 (GHA)',
      'a \\\\ b',
      'q\\"',
    ]
    for (const name of names) {
      const model: Model = {
        name: 'names',
        time: { start: 0, stop: 1, dt: 1 },
        elements: [{ kind: 'param', name, id: canonicalId(name), value: 1 }],
        views: [{ items: [{ id: canonicalId(name), x: 10, y: 10 }] }],
      }
      const equations = `${sketchName(name)} = 1 ~~|\nINITIAL TIME = 0 ~~|\nFINAL TIME = 1 ~~|\nTIME STEP = 1 ~~|\n`
      expect(importMdl(equations + sketchSection(model)).model.views?.[0]?.items).toEqual([
        { id: canonicalId(name), x: 10, y: 10 },
      ])
    }
  })
})

import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

let count = 0
/** Writes `model.ts` (and `checks.ts` when given) to a fresh folder under `parent`; returns the folder. */
export function project(parent: string, model: string, checks?: string): string {
  const dir = join(parent, `m${++count}`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'model.ts'), model)
  if (checks !== undefined) writeFileSync(join(dir, 'checks.ts'), checks)
  return dir
}

/** A small diffusion model; `edit` changes its text to plant a mistake. */
export function diffusion(edit: (text: string) => string = (t) => t): string {
  return edit(`import { at, aux, dimension, eq, flow, model, param, stock } from '@stockflow/model'

const Region = dimension('Region', ['north', 'south'])
const adopters = stock('Adopters', { initial: 10, units: 'people' })
const contactRate = param('Contact Rate', 0.1, { min: 0, max: 1, units: '1/year' })
const market = param('Market', { north: 500, south: 800 }, { dimensions: [Region], units: 'people' })
const total = aux('Total Market', { equation: eq\`SUM(\${at(market, '*')})\`, units: 'people' })
const adopting = flow('Adopting', {
  to: adopters,
  rate: eq\`\${contactRate} * \${adopters} * (1 - \${adopters} / \${total})\`,
  units: 'people/year',
})

export default model('Diffusion', {
  time: { start: 0, stop: 20, dt: 0.25, units: 'year' },
  dimensions: [Region],
  elements: [adopters, adopting, contactRate, market, total],
})
`)
}

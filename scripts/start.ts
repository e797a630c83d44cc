// `pnpm start`: the README's main job. Until the involution seed lands (issue 3), it simulates every
// seed model and prints its stocks at the start, middle and end of the run.
import { readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { loadModel } from '@stockflow/cli'
import { simulate } from '@stockflow/solver'

const seeds = join(import.meta.dirname, '../seeds')
const format = (x: number) =>
  Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toFixed(3)

for (const name of readdirSync(seeds).sort()) {
  if (!existsSync(join(seeds, name, 'model.ts'))) continue
  const { model } = await loadModel(join(seeds, name))
  const run = simulate(model)
  const stocks = model.elements.filter((e) => e.kind === 'stock')
  const last = run.times.length - 1
  const rows = [0, Math.floor(last / 2), last]
  const units = model.time.units ? ` (${model.time.units})` : ''
  console.log(`\n${model.name}: ${model.doc ?? ''}`)
  console.log(['time' + units, ...stocks.map((s) => s.name)].map((c) => c.padStart(20)).join(''))
  for (const i of rows) {
    console.log(
      [format(run.times[i]!), ...stocks.map((s) => format(run.get(s.id)[i]!))].map((c) => c.padStart(20)).join(''),
    )
  }
}

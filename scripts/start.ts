// `pnpm start`, the README's main job: simulates the involution doom-loop model in every scenario,
// prints its key indicators at 2024, 2030 and 2035, then serves the viewer with the model loaded
// (`stockflow view`) until interrupted. `--no-view` exits after the table; `--port N` and `--no-open`
// are passed to the viewer.
import { join } from 'node:path'
import { loadModel, viewCommand } from '@stockflow/cli'
import { compile, simulate } from '@stockflow/solver'

const INDICATORS: [label: string, name: string][] = [
  ['K/world', 'Capacity to World Demand'],
  ['util', 'Utilisation'],
  ['price', 'Price'],
  ['margin', 'Cash Margin'],
  ['zombie', 'Zombie Share'],
  ['FD/R', 'Firm Debt to Revenue'],
  ['LGD/LGR', 'Local Debt Ratio'],
  ['confid', 'Consumer Confidence'],
  ['exports', 'Exports'],
]
const YEARS = [2024, 2030, 2035]

const seed = join(import.meta.dirname, '../seeds/involution')
const { model } = await loadModel(seed)
const compiled = compile(model)
const scenarios = model.scenarios ?? []
const runs = scenarios.map((s) => ({ scenario: s, run: simulate(compiled, { scenario: s.id }) }))

const cell = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2)).padStart(8)
console.log(`${model.name}: ${model.doc ?? ''}`)
console.log(`${scenarios.length} scenarios, Euler dt ${compiled.model.time.dt}; names in seeds/involution/README.md\n`)
for (const year of YEARS) {
  console.log(`${year}`.padEnd(13) + INDICATORS.map(([label]) => label.padStart(8)).join(''))
  for (const { scenario, run } of runs) {
    console.log(scenario.id.padEnd(13) + INDICATORS.map(([, name]) => cell(run.at(name, year))).join(''))
  }
  console.log('')
}
for (const s of scenarios) console.log(`${s.id.padEnd(12)} ${s.name ?? ''}`)
if (!process.argv.includes('--no-view')) {
  const port = process.argv[process.argv.indexOf('--port') + 1]
  console.log('')
  process.exitCode = await viewCommand(
    seed,
    { port: process.argv.includes('--port') ? port : undefined, open: !process.argv.includes('--no-open') },
    { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) },
  )
}

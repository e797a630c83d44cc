/**
 * The files `stockflow init` writes: a model project that installs with plain `npm install` and whose
 * `npm test` type-checks the model, then runs its behaviour checks.
 */

/** Where the project's `@stockflow/*` dependencies come from: `file:` folders of a stockflow installation. */
export interface StockflowPackages {
  readonly cli: string
  readonly model: string
  readonly solver: string
}

/** The versions of the third-party tools this repository itself uses, pinned the same way. */
const TYPESCRIPT = '5.9.3'
const VITEST = '4.1.12'
const TYPES_NODE = '20.19.8'

/** Each file of a new project, by its path inside DIR. */
export function initFiles(name: string, packages: StockflowPackages): ReadonlyMap<string, string> {
  return new Map([
    ['package.json', packageJson(name, packages)],
    ['tsconfig.json', TSCONFIG],
    ['model.ts', MODEL],
    ['checks.ts', CHECKS],
    ['checks.test.ts', CHECKS_TEST],
    ['vitest.config.ts', VITEST_CONFIG],
    ['.gitignore', 'node_modules/\n*.layout.json\n'],
    ['README.md', readme(name)],
  ])
}

/** A package name npm accepts, made from the folder's name. */
export function projectName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
  return name || 'stockflow-model'
}

function packageJson(name: string, packages: StockflowPackages): string {
  const json = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      run: 'stockflow run model.ts',
      check: 'stockflow check model.ts',
      // tsc first: a misspelt name in model.ts fails with the compiler's file:line:column message.
      test: 'tsc --noEmit && vitest run',
      view: 'stockflow view model.ts',
    },
    dependencies: {
      '@stockflow/model': `file:${packages.model}`,
      '@stockflow/solver': `file:${packages.solver}`,
    },
    devDependencies: {
      '@stockflow/cli': `file:${packages.cli}`,
      '@types/node': TYPES_NODE,
      typescript: TYPESCRIPT,
      vitest: VITEST,
    },
  }
  return `${JSON.stringify(json, null, 2)}\n`
}

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
    },
    include: ['*.ts'],
  },
  null,
  2,
)}\n`

const MODEL = `import { eq, flow, model, param, stock } from '@stockflow/model'

// A population in two stocks: people are born young, grow old and die. Every reference in an equation
// is a handle, so the compiler catches a misspelt name (\`npm test\` type-checks first).
const birthRate = param('Birth Rate', 0.03, {
  units: '1/year',
  doc: 'Births per person per year',
  min: 0,
  max: 0.1,
})
const yearsYoung = param('Years Young', 30, { units: 'year', doc: 'How long a person stays young', min: 10, max: 50 })
const yearsOld = param('Years Old', 40, { units: 'year', doc: 'How long an old person lives on', min: 10, max: 60 })

const young = stock('Young', { initial: 600, units: 'people', doc: 'People under the age of parenthood' })
const old = stock('Old', { initial: 400, units: 'people', doc: 'People past it' })

const births = flow('Births', {
  to: young,
  rate: eq\`(\${young} + \${old}) * \${birthRate}\`,
  units: 'people/year',
})
const ageing = flow('Ageing', { from: young, to: old, rate: eq\`\${young} / \${yearsYoung}\`, units: 'people/year' })
const deaths = flow('Deaths', { from: old, rate: eq\`\${old} / \${yearsOld}\`, units: 'people/year' })

export default model('Population', {
  doc: 'A two-stock ageing chain, the starting point of your own model.',
  time: { start: 0, stop: 100, dt: 0.25, units: 'year' },
  elements: [young, old, births, ageing, deaths, birthRate, yearsYoung, yearsOld],
  scenarios: [
    { id: 'low-births', name: 'Low births', doc: 'One birth per hundred people a year', set: { 'Birth Rate': 0.01 } },
  ],
})
`

const CHECKS = `import { check, defineChecks } from '@stockflow/solver'
import population from './model.js'

// What the model must do, whatever its numbers: \`stockflow test model.ts\` and \`npm test\` run these.
export default defineChecks(population, [
  check('the population grows when births outpace deaths', ({ scenario }) => scenario().series('Young + Old').rises()),
  check('with low births the population shrinks', ({ scenario }) => {
    const total = scenario('low-births').series('Young + Old')
    return total.last().isBelow(total.first().value)
  }),
])
`

const CHECKS_TEST = `import { runChecks } from '@stockflow/solver'
import { describe, expect, it } from 'vitest'
import checks from './checks.js'

// Each behaviour check of checks.ts is one test; a failure shows the check's own explanation.
describe('behaviour checks', () => {
  it.each(runChecks(checks).map((r) => [r.name, r] as const))('%s', (_, result) => {
    expect(result.pass, result.detail).toBe(true)
  })
})
`

const VITEST_CONFIG = `import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { include: ['*.test.ts'] } })
`

function readme(name: string): string {
  return `# ${name}

A system-dynamics model as typed code, made by \`stockflow init\`.

\`\`\`sh
npm install          # once
npm test             # type-check model.ts, then run the behaviour checks in checks.ts
npm run run          # simulate: stockflow run model.ts (add --scenario all, --vars, --out ...)
npm run check        # stockflow check model.ts: errors and warnings, one per line
npm run view         # the viewer with the model loaded, until Ctrl+C
\`\`\`

\`model.ts\` is the model, \`checks.ts\` what it must do. \`npx stockflow --help\` lists every command.
`
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parseCircular, parseDependencyTree } from 'dpdm'
import type { DependencyTree } from 'dpdm'
import { afterAll, describe, expect, it } from 'vitest'

// No module of the packages or the viewer may import itself through others, type-only imports
// included: dpdm reads the TypeScript source (not the emitted JavaScript), so `import type` counts.
const root = join(__dirname, '..')
const SOURCES = ['packages/*/src/**/*.ts', 'apps/viewer/src/**/*.ts']

const scratchRoot = join(__dirname, '.scratch')
mkdirSync(scratchRoot, { recursive: true })
const scratch = mkdtempSync(join(scratchRoot, 'cycles-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** The import graph of `globs` under `context`, every import kept (type-only and dynamic ones too). */
function graph(globs: string[], context: string): Promise<DependencyTree> {
  return parseDependencyTree(globs, { cwd: context, context, transform: false, skipDynamicImports: false })
}

/** Each cycle as `a.ts -> b.ts -> a.ts`, paths relative to the repository. */
function cycles(tree: DependencyTree, context: string): string[] {
  return parseCircular(tree).map((cycle) =>
    [...cycle, cycle[0]!].map((f) => relative(root, join(context, f))).join(' -> '),
  )
}

describe('import cycles', () => {
  it('finds none in packages/*/src and apps/viewer/src', async () => {
    const tree = await graph(SOURCES, root)
    // The graph must be whole for "no cycle" to mean anything: every import of the repository's own
    // modules resolves, and the packages' imports of each other lead to their source.
    const unresolved = Object.entries(tree).flatMap(([file, deps]) =>
      (deps ?? [])
        .filter((d) => d.id === null && /^(\.|@stockflow\/)/.test(d.request))
        .map((d) => `${file}: ${d.request}`),
    )
    expect(unresolved).toEqual([])
    expect(tree['packages/cli/src/load.ts']?.map((d) => d.id)).toContain('packages/model/src/index.ts')
    expect(cycles(tree, root)).toEqual([])
  })

  it('counts a cycle made only of type imports', async () => {
    writeFileSync(join(scratch, 'a.ts'), "import type { B } from './b.js'\nexport interface A { b?: B }\n")
    writeFileSync(join(scratch, 'b.ts'), "import type { A } from './a.js'\nexport interface B { a?: A }\n")
    const found = parseCircular(await graph(['*.ts'], scratch))
    expect(found.map((cycle) => [...cycle].sort())).toEqual([['a.ts', 'b.ts']])
  })
})

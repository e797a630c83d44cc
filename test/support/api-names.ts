import { readFileSync } from 'node:fs'
import ts from 'typescript'

/** What an entry point exports: values (what `import()` shows) and type-only names, each sorted. */
export interface ApiNames {
  readonly values: string[]
  readonly types: string[]
}

/**
 * The names of an entry point such as `src/index.ts`: its values from the loaded module, its types from
 * the file's `export type { … }` and `export { type … }` lists, which leave no trace at run time.
 */
export function apiNames(module: object, file: string): ApiNames {
  return { values: Object.keys(module).sort(), types: typeNames(file) }
}

function typeNames(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
  const names: string[] = []
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause
      // `export *` would hide which names it brings: entry points list theirs.
      if (!clause || !ts.isNamedExports(clause)) throw new Error(`${file}: list the names instead of export *`)
      for (const e of clause.elements) if (statement.isTypeOnly || e.isTypeOnly) names.push(e.name.text)
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      if (statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) names.push(statement.name.text)
    }
  }
  return names.sort()
}

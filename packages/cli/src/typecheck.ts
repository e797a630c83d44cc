import { realpathSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { modelCompilerOptions } from './typecheck-options.js'
import { typecheckRoots } from './typecheck-roots.js'

/** One compiler error, where it is and what the compiler said, on one line. */
export interface TypeDiagnostic {
  /** The file as shown: relative to the working folder when inside it, else absolute; absent for global errors. */
  readonly file?: string
  /** 1-based, as editors count. */
  readonly line?: number
  readonly column?: number
  /** The compiler's error number (2552 for `TS2552`). */
  readonly code: number
  readonly message: string
}

/** What type-checking a model found. */
export interface TypecheckResult {
  /** The files checked as roots: the model and, beside it, `checks.ts` when there is one (as shown). */
  readonly files: readonly string[]
  readonly diagnostics: readonly TypeDiagnostic[]
}

/**
 * Type-checks a `.ts` model and its `checks.ts` with the TypeScript compiler, as `stockflow check` does
 * before loading it. Errors in the files they import from the model's folder count too; errors inside
 * installed packages do not. Nothing is written anywhere.
 */
export function typecheckModel(path: string): TypecheckResult {
  const roots = typecheckRoots(path)
  if (roots.length === 0) return { files: [], diagnostics: [] }
  const { options, configErrors } = modelCompilerOptions(roots[0]!)
  const program = ts.createProgram({ rootNames: roots, options, host: cachingHost(options) })
  // The compiler names files by their real path (links resolved), so the folder is compared as one too.
  const folder = realpathSync(dirname(roots[0]!)) + sep
  const own = program
    .getSourceFiles()
    .filter(
      (f) =>
        roots.some((r) => samePath(r, f.fileName)) ||
        (!f.isDeclarationFile &&
          !program.isSourceFileFromExternalLibrary(f) &&
          resolve(f.fileName).startsWith(folder) &&
          !resolve(f.fileName).includes(`${sep}node_modules${sep}`)),
    )
  const found = [
    ...configErrors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...own.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]),
  ]
  const ownNames = new Set(own.map((f) => f.fileName))
  const diagnostics = found
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => toTypeDiagnostic(d, (f) => ownNames.has(f.fileName)))
  return { files: roots.map(shownPath), diagnostics: dedupe(diagnostics) }
}

/** Parsed files by name and how they were parsed. */
const parsed = new Map<string, ts.SourceFile>()

/**
 * A compiler host that parses an unchanged file once per process: a second check (tests, a watching
 * viewer) then parses only what changed. Unchanged means the same text, not the same modification time:
 * two saves within one tick of a coarse clock have the same time. Memory only: nothing is cached on disk.
 */
function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options)
  const read = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, version, onError, shouldCreate) => {
    let text: string | undefined
    try {
      text = host.readFile(fileName)
    } catch {
      text = undefined
    }
    // A file that cannot be read is the default host's to report.
    if (text === undefined) return read(fileName, version, onError, shouldCreate)
    const how = typeof version === 'object' ? `${version.languageVersion}:${version.impliedNodeFormat}` : version
    const key = `${how}|${fileName}`
    const cached = parsed.get(key)
    // Reading is cheap beside parsing; comparing the whole text leaves no doubt.
    if (cached?.text === text) return cached
    const file = ts.createSourceFile(fileName, text, version)
    parsed.set(key, file)
    return file
  }
  return host
}

/** `model.ts:12:34: error TS2552: Cannot find name 'adopter'. Did you mean 'adopters'?` */
export function formatTypeDiagnostic(d: TypeDiagnostic): string {
  const where = d.file === undefined ? '' : d.line === undefined ? `${d.file}: ` : `${d.file}:${d.line}:${d.column}: `
  return `${where}error TS${d.code}: ${d.message}`
}

/** `3 type errors in model.ts and checks.ts`: the files that have them (all checked ones when none says). */
export function typeErrorSummary(result: TypecheckResult): string {
  const n = result.diagnostics.length
  const withErrors = [...new Set(result.diagnostics.flatMap((d) => (d.file === undefined ? [] : [d.file])))]
  const named = withErrors.length > 0 ? withErrors : result.files
  const files = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named[0]
  return `${n} type error${n === 1 ? '' : 's'} in ${files}`
}

function toTypeDiagnostic(d: ts.Diagnostic, isOwn: (file: ts.SourceFile) => boolean): TypeDiagnostic {
  const message = oneLine(d.messageText) + related(d, isOwn)
  if (!d.file) return { code: d.code, message }
  const file = shownPath(d.file.fileName)
  if (d.start === undefined) return { file, code: d.code, message }
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start)
  return { file, line: line + 1, column: character + 1, code: d.code, message }
}

/**
 * The compiler's chain of messages (the general one first, then the detail) as one sentence after another,
 * with types spelt out at length (the DSL's option types run to hundreds of characters) cut short: the
 * line is about the name the user wrote, and the did-you-mean after the type still shows.
 */
function oneLine(text: string | ts.DiagnosticMessageChain): string {
  return ts
    .flattenDiagnosticMessageText(text, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ')
    .replace(LONG_TYPE, (_, body: string) => `type '${body.slice(0, LONG_TYPE_KEPT)}…'`)
}

/** A quoted type longer than fits a line (`type '...'`), and how much of it is kept. */
const LONG_TYPE = /type '([^']{100,})'/g
const LONG_TYPE_KEPT = 40

/**
 * Related information that points into the user's own files, with where: notes about the DSL's own
 * declarations say nothing the user can act on, and "'x' is declared here" only repeats a did-you-mean.
 */
function related(d: ts.Diagnostic, isOwn: (file: ts.SourceFile) => boolean): string {
  const notes = (d.relatedInformation ?? [])
    .filter((r) => (!r.file || isOwn(r.file)) && !/ is declared here\.$/.test(oneLine(r.messageText)))
    .map((r) => {
      const text = oneLine(r.messageText)
      if (!r.file || r.start === undefined) return text
      const { line, character } = r.file.getLineAndCharacterOfPosition(r.start)
      return `${text} (${shownPath(r.file.fileName)}:${line + 1}:${character + 1})`
    })
  return notes.length ? ` [${notes.join('; ')}]` : ''
}

/** One error per position and text: two roots can bring the same global error twice. */
function dedupe(list: TypeDiagnostic[]): TypeDiagnostic[] {
  const seen = new Set<string>()
  return list.filter((d) => {
    const key = formatTypeDiagnostic(d)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b)
}

function shownPath(file: string): string {
  const shown = relative(process.cwd(), file)
  return shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : resolve(file)
}

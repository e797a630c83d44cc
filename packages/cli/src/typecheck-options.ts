import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { moduleUrl } from './module-url.js'

/** The compiler options a model is checked with, and what was wrong with its tsconfig.json. */
export interface ModelCompilerOptions {
  readonly options: ts.CompilerOptions
  /** The tsconfig.json the options came from, when the model's folder (or a parent) has one. */
  readonly configFile?: string
  readonly configErrors: readonly ts.Diagnostic[]
}

/** What a model is checked with when no tsconfig.json says otherwise. */
const DEFAULTS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
}

const SOURCE_CONDITION = '@stockflow/source'

/** "No inputs were found": the config's `include` need not cover the model, whose files are given by name. */
const NO_INPUTS = 18003

/**
 * The options to check the model in `dir` with: its tsconfig.json when there is one (found upward from
 * `dir`), with nothing ever written; else strict ES2022 with bundler resolution. `@stockflow/*` imports
 * resolve from the model's own node_modules when they can, else to the packages this CLI runs with.
 */
export function modelCompilerOptions(modelFile: string): ModelCompilerOptions {
  const dir = dirname(modelFile)
  const configFile = ts.findConfigFile(dir, ts.sys.fileExists, 'tsconfig.json')
  let options: ts.CompilerOptions = { ...DEFAULTS }
  let configErrors: ts.Diagnostic[] = []
  if (configFile) {
    const host: ts.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => configErrors.push(d) }
    const parsed = ts.getParsedCommandLineOfConfigFile(configFile, { noEmit: true }, host)
    if (parsed) {
      options = { skipLibCheck: true, ...parsed.options }
      configErrors.push(...parsed.errors.filter((d) => d.code !== NO_INPUTS))
    }
    configErrors = configErrors.filter((d) => d.category === ts.DiagnosticCategory.Error)
  }
  // Checking writes nothing: no output, no build info (which would land in the user's folder).
  options = { ...options, noEmit: true, incremental: false, composite: false, emitDeclarationOnly: false }
  delete options.tsBuildInfoFile
  return { options: withStockflowPackages(options, modelFile), ...(configFile ? { configFile } : {}), configErrors }
}

/**
 * Makes `@stockflow/*` resolvable from `modelFile`: as the options stand (built `.d.ts` in node_modules);
 * else through the packages' TypeScript source (a workspace checkout); else mapped with `paths` onto the
 * packages installed with this CLI (a folder of models with no node_modules).
 */
function withStockflowPackages(options: ts.CompilerOptions, modelFile: string): ts.CompilerOptions {
  if (resolves(options, modelFile)) return options
  const conditions = options.customConditions ?? []
  if (!conditions.includes(SOURCE_CONDITION) && supportsConditions(options)) {
    const withSource = { ...options, customConditions: [...conditions, SOURCE_CONDITION] }
    if (resolves(withSource, modelFile)) return withSource
  }
  const paths = ownPackagePaths()
  if (Object.keys(paths).length === 0) return options
  return { ...withoutMissingTypes(options, modelFile), paths: { ...options.paths, ...paths } }
}

/** A folder whose packages are not installed yet also lacks the `types` its tsconfig names: left out, not errors. */
function withoutMissingTypes(options: ts.CompilerOptions, modelFile: string): ts.CompilerOptions {
  if (!options.types) return options
  const found = (name: string): boolean =>
    ts.resolveTypeReferenceDirective(name, modelFile, options, ts.sys).resolvedTypeReferenceDirective !== undefined
  return { ...options, types: options.types.filter(found) }
}

function resolves(options: ts.CompilerOptions, modelFile: string): boolean {
  return ts.resolveModuleName('@stockflow/model', modelFile, options, ts.sys).resolvedModule !== undefined
}

/** Conditions in `exports` count only under node16, nodenext and bundler resolution. */
function supportsConditions(options: ts.CompilerOptions): boolean {
  const { Node16, NodeNext, Bundler } = ts.ModuleResolutionKind
  if (options.moduleResolution !== undefined) return [Node16, NodeNext, Bundler].includes(options.moduleResolution)
  // Without moduleResolution, `module` decides: node16/nodenext resolve like themselves, preserve like a bundler.
  return [ts.ModuleKind.Node16, ts.ModuleKind.NodeNext, ts.ModuleKind.Preserve].includes(
    options.module ?? ts.ModuleKind.CommonJS,
  )
}

/** Entries of a package.json `exports` map: subpath, then condition, then file. */
type Exports = Record<string, Record<string, string> | string>

let ownPaths: Record<string, string[]> | undefined

/**
 * `paths` entries for every `@stockflow/*` package installed beside this CLI: each exported subpath to
 * its declarations (or, when the CLI itself runs from TypeScript source, to the source).
 */
export function ownPackagePaths(): Record<string, string[]> {
  if (ownPaths) return ownPaths
  const here = fileURLToPath(moduleUrl(import.meta.url))
  const fromSource = here.endsWith('.ts')
  const paths: Record<string, string[]> = {}
  for (const scope of scopeFolders(dirname(here))) {
    for (const name of readdirSync(scope)) {
      // The real folder, not pnpm's link to it: the compiler reports (and dedupes) files by real path.
      const root = realpathSync(join(scope, name))
      const manifest = join(root, 'package.json')
      if (!existsSync(manifest)) continue
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; exports?: Exports }
      if (!pkg.name || paths[pkg.name] || typeof pkg.exports !== 'object') continue
      for (const [subpath, target] of Object.entries(pkg.exports)) {
        if (typeof target !== 'object') continue
        const preferred = fromSource
          ? [target[SOURCE_CONDITION], target.types]
          : [target.types, target[SOURCE_CONDITION]]
        const file = preferred
          .filter((f) => f !== undefined)
          .map((f) => join(root, f))
          .find((f) => existsSync(f))
        if (file) paths[subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`] = [file]
      }
    }
  }
  ownPaths = paths
  return paths
}

/** Every `node_modules/@stockflow` folder from `dir` up, nearest first, as Node would search them. */
function scopeFolders(dir: string): string[] {
  const found: string[] = []
  for (let d = dir; ; d = dirname(d)) {
    const scope = join(d, 'node_modules', '@stockflow')
    if (existsSync(scope)) found.push(scope)
    if (dirname(d) === d) return found
  }
}

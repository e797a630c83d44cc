import { extname } from 'node:path'

/**
 * The model files the CLI reads, by extension (lower case), in one place so every command agrees: the
 * TS/JS modules it imports (never `.cts`/`.cjs`), and the formats it only ever reads as data.
 */
export const MODEL_MODULE_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.js', '.mjs']
export const XMILE_EXTENSIONS: readonly string[] = ['.xmile', '.stmx', '.itmx']
export const MODEL_DATA_EXTENSIONS: readonly string[] = ['.json', ...XMILE_EXTENSIONS, '.mdl']

/** What the message for another extension lists. */
export const MODEL_FORMATS_HELP = 'use .ts, .js, .json, .xmile, .stmx, .itmx, .mdl or a folder with model.ts'

/** Whether `file` is a model module (imported as a program, not read as data). */
export function isModelModule(file: string): boolean {
  return MODEL_MODULE_EXTENSIONS.includes(extname(file).toLowerCase())
}

/** Whether `file` has an extension some model reader takes. */
export function isModelFile(file: string): boolean {
  return isModelModule(file) || MODEL_DATA_EXTENSIONS.includes(extname(file).toLowerCase())
}

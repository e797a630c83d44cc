import { dirname } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * The URL of the module passing its `import.meta.url`. tsup's CommonJS build leaves `import.meta` empty;
 * there each entry is bundled into one file, which `__filename` names and which stands in.
 */
export function moduleUrl(metaUrl: string | undefined): string {
  return metaUrl || pathToFileURL(__filename).href
}

/** The folder of the module passing its `import.meta.url` (its `import.meta.dirname`, in either build). */
export function moduleDir(metaUrl: string | undefined): string {
  return dirname(fileURLToPath(moduleUrl(metaUrl)))
}

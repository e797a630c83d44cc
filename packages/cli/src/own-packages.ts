/**
 * A model file may import `@stockflow/*` from a folder that has no `node_modules`: then they resolve from
 * the installation of the running CLI. The model's folder wins when it has its own copies.
 */
import { createRequire, register } from 'node:module'
import { moduleUrl } from './module-url.js'
import type { OwnPackagesData } from './resolve-hook.js'

let installed = false

/** Installs the fallback once per process, for ES modules (a resolve hook) and CommonJS (require). */
export function resolveOwnPackagesAsFallback(): void {
  if (installed) return
  installed = true
  const parentURL = moduleUrl(import.meta.url)
  // From the sources (tsx) the hook is the .ts file beside this one; from dist/ it is the built .js.
  const hook = new URL(parentURL.endsWith('.ts') ? './resolve-hook.ts' : './resolve-hook.js', parentURL)
  try {
    register<OwnPackagesData>(hook, { data: { parentURL } })
  } catch (err) {
    // Under vitest Node cannot read the .ts hook, and needs none: vite resolves the model's imports.
    if ((err as { code?: string }).code === 'ERR_UNKNOWN_FILE_EXTENSION') return
    throw err
  }
  fallBackInRequire(createRequire(parentURL))
}

/** Node's CommonJS resolver, as far as it is patched here (tsx patches the same function). */
interface CommonJsLoader {
  _resolveFilename(request: string, ...rest: unknown[]): string
}

/**
 * tsx runs a `.ts` file from a folder without `"type": "module"` as CommonJS, whose `require` no resolve
 * hook sees (Node 20): the same fallback wraps Node's CommonJS resolver, for `@stockflow/*` only.
 */
function fallBackInRequire(own: NodeJS.Require): void {
  const loader = own('node:module') as CommonJsLoader
  const original = loader._resolveFilename.bind(loader)
  loader._resolveFilename = (request, ...rest) => {
    try {
      return original(request, ...rest)
    } catch (err) {
      if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND' || !request.startsWith('@stockflow/')) throw err
      return own.resolve(request)
    }
  }
}

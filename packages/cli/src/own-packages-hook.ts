import { moduleUrl } from './module-url.js'
/**
 * What a worker thread needs to resolve `@stockflow/*` from this CLI's installation when the model's
 * folder has no `node_modules` (as `own-packages.ts` does in this thread): the resolve hook's module and
 * the module whose `node_modules` hold the packages. Computed on call, so a CommonJS bundle loads.
 */
export interface OwnPackagesHook {
  /** `resolve-hook.ts` beside this file in a checkout, the built `resolve-hook.js` in `dist/`. */
  readonly hook: string
  /** Where `@stockflow/*` resolve from: this module. */
  readonly parentURL: string
}

export function ownPackagesHook(): OwnPackagesHook {
  const parentURL = moduleUrl(import.meta.url)
  const hook = new URL(parentURL.endsWith('.ts') ? './resolve-hook.ts' : './resolve-hook.js', parentURL).href
  return { hook, parentURL }
}

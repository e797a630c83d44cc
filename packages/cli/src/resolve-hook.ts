/**
 * A Node module resolve hook (loaded by `module.register`, see `own-packages.ts`): a model's
 * `import '@stockflow/model'` resolves from the model's folder as usual, and only when that finds
 * nothing, from the stockflow installation running it, so a model needs no `node_modules` of its own.
 */
import type { InitializeHook, ResolveHook } from 'node:module'

/** What `register` passes: the module whose `node_modules` hold stockflow's own packages. */
export interface OwnPackagesData {
  readonly parentURL: string
}

let ownParent: string | undefined

export const initialize: InitializeHook<OwnPackagesData> = (data) => {
  ownParent = data.parentURL
}

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  try {
    return await nextResolve(specifier, context)
  } catch (err) {
    const missing = (err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND'
    if (!missing || ownParent === undefined || !specifier.startsWith('@stockflow/')) throw err
    return nextResolve(specifier, { ...context, parentURL: ownParent })
  }
}

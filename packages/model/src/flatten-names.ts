import type { Issue } from './errors.js'
import type { Model } from './types.js'

/**
 * An element's flat name is `name[a,b]`: an element whose name holds a bracket or comma would read as
 * other elements (`u["a,b"]` as `u[a,b]`). A variable named like an element is a duplicate-name error.
 */
export function bracketedElementNames(model: Model, issues: Issue[]): void {
  for (const d of model.dimensions ?? []) {
    const bad = (Array.isArray(d.elements) ? d.elements : []).find((x) => /[[\],]/.test(String(x)))
    if (bad !== undefined)
      issues.push({
        severity: 'error',
        code: 'bad-dimension',
        message: `element "${bad}" of dimension "${d.name}" has a bracket or comma, which element names cannot hold`,
        element: d.name,
        field: 'dimensions',
        hint: 'rename the element',
      })
  }
}

import type { Model, Scenario } from '@stockflow/model'
import seed from '../../../seeds/regional-sir/model.js'

/**
 * The regional SIR seed (Region = north, south, east; the epidemic starts in the north and spreads by
 * travel) with a subrange Coast = south, east, and any scenarios given after the seed's own.
 */
export function regionalSir(scenarios: readonly Scenario[] = []): Model {
  return {
    ...seed,
    dimensions: [...(seed.dimensions ?? []), { name: 'Coast', elements: ['south', 'east'], parent: 'Region' }],
    scenarios: [...(seed.scenarios ?? []), ...scenarios],
  }
}

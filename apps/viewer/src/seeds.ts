import type { Model } from '@stockflow/model'
import involution from '../../../seeds/involution/model.ts'
import regionalSir from '../../../seeds/regional-sir/model.ts'
import sir from '../../../seeds/SIR/model.ts'
import teacup from '../../../seeds/teacup/model.ts'

/** A model shipped with the viewer. */
export interface Seed {
  /** The `model=` value in the URL. */
  readonly id: string
  readonly label: string
  readonly model: Model
  /** Variables plotted when the URL names none (display names); default: the first stocks. */
  readonly defaultVars?: readonly string[]
}

/** The bundled seeds, the default first. */
export const SEEDS: readonly Seed[] = [
  {
    id: 'involution',
    label: 'Involution doom loop',
    model: involution,
    // The key indicators `pnpm start` prints.
    defaultVars: ['Capacity to World Demand', 'Utilisation', 'Price', 'Zombie Share', 'Local Debt Ratio', 'Exports'],
  },
  { id: 'teacup', label: 'Teacup', model: teacup },
  { id: 'sir', label: 'SIR epidemic', model: sir },
  {
    id: 'regional-sir',
    label: 'Regional SIR (arrayed)',
    model: regionalSir,
    // Arrays plot an element each: the regions' epidemics, and their sum.
    defaultVars: ['Infected', 'Recovered', 'Total Infected'],
  },
]

/** The seed of a `model=` value (any case), if it names one. */
export function findSeed(id: string): Seed | undefined {
  return SEEDS.find((s) => s.id === id.toLowerCase())
}

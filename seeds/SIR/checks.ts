import { check, defineChecks } from '@stockflow/solver'
import sir from './model.js'

// The shape of an epidemic in a closed population (`pnpm stockflow test seeds/SIR`).
export default defineChecks(sir, [
  check('nobody appears or disappears', ({ scenario }) =>
    scenario().series('Susceptible + Infectious + Recovered').isBetween(1004.999, 1005.001),
  ),
  check('the epidemic peaks and dies out', ({ scenario }) => {
    const infectious = scenario().series('Infectious')
    return [infectious.max().isAbove(infectious.first()), infectious.last().isBelow(infectious.max().value / 10)]
  }),
  check('the susceptible only decline, and not everyone is infected', ({ scenario }) => {
    const susceptible = scenario().series('Susceptible')
    return [susceptible.falls(), susceptible.last().isAbove(100)]
  }),
])

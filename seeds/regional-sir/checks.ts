import { check, checkEach, defineChecks } from '@stockflow/solver'
import regionalSir from './model.js'

// The shape of the regional epidemic, region by region (`pnpm stockflow test seeds/regional-sir`):
// each checkEach ranges over the model's own Region dimension and names the regions that fail.
const Region = regionalSir.dimensions!.find((d) => d.name === 'Region')!

export default defineChecks(regionalSir, [
  checkEach('nobody appears or disappears in a region', Region, ({ scenario }, region) =>
    scenario()
      .series(`Susceptible[${region}] + Infected[${region}] + Recovered[${region}] - Population[${region}]`)
      .isBetween(-0.001, 0.001),
  ),
  checkEach('the epidemic reaches every region and ebbs by the end', Region, ({ scenario }, region) => {
    const infected = scenario().series(`Infected[${region}]`)
    return [infected.max().isAbove(10), infected.last().isBelow(infected.max().value / 2)]
  }),
  checkEach("a lockdown in the north lowers every region's peak", Region, ({ scenario }, region) =>
    scenario('lockdown-north')
      .series(`Infected[${region}]`)
      .max()
      .isBelow(scenario().series(`Infected[${region}]`).max()),
  ),
  checkEach('distancing everywhere stops the epidemic in every region', Region, ({ scenario }, region) =>
    scenario('distancing').series(`Infected[${region}]`).isAtMost(5),
  ),
  check('Total Infected is the sum of the regions', ({ scenario }) =>
    scenario().series('Total_Infected - Infected[north] - Infected[south] - Infected[east]').isBetween(-1e-6, 1e-6),
  ),
])

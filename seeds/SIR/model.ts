import { eq, flow, model, param, stock } from '@stockflow/model'

// The SDXorg SIR sample (test-models/samples/SIR): an epidemic in a closed population.
const totalPopulation = param('Total Population', 1000, {
  units: 'people',
  doc: 'Everyone who can catch the disease',
  min: 1,
  max: 100000,
})
const contactInfectivity = param('Contact Infectivity', 0.3, {
  units: '1/day',
  doc: 'New infections per infectious person per day in a fully susceptible population',
  min: 0,
  max: 2,
})
const duration = param('Duration', 5, { units: 'day', doc: 'How long a person stays infectious', min: 0.5, max: 30 })

const susceptible = stock('Susceptible', {
  initial: eq`${totalPopulation}`,
  units: 'people',
  doc: 'People who can still be infected',
})
const infectious = stock('Infectious', {
  initial: 5,
  units: 'people',
  doc: 'People who are infected and spread the disease',
})
const recovered = stock('Recovered', { initial: 0, units: 'people', doc: 'People who recovered and are immune' })

const succumbing = flow('Succumbing', {
  from: susceptible,
  to: infectious,
  rate: eq`${susceptible} * ${infectious} / ${totalPopulation} * ${contactInfectivity}`,
  units: 'people/day',
  doc: 'New infections per day',
})
const recovering = flow('Recovering', {
  from: infectious,
  to: recovered,
  rate: eq`${infectious} / ${duration}`,
  units: 'people/day',
  doc: 'Recoveries per day',
})

export default model('SIR', {
  doc: 'Susceptible-infectious-recovered epidemic (the SDXorg test-models sample).',
  time: { start: 0, stop: 100, dt: 0.03125, units: 'day' },
  elements: [susceptible, infectious, recovered, succumbing, recovering, totalPopulation, contactInfectivity, duration],
})

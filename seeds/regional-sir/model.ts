import { at, aux, dimension, eq, flow, model, param, stock } from '@stockflow/model'

// An epidemic in three regions that mix through travel: the SIR seed, arrayed over Region.
const Region = dimension('Region', ['north', 'south', 'east'])

const population = param(
  'Population',
  { north: 1000, south: 2000, east: 500 },
  { dimensions: [Region], units: 'people', doc: 'Everyone in the region who can catch the disease', min: 1 },
)
const contactRate = param(
  'Contact Rate',
  { north: 0.35, south: 0.3, east: 0.25 },
  {
    dimensions: [Region],
    units: '1/day',
    doc: 'New infections per infected person per day in a fully susceptible region',
    min: 0,
    max: 1,
  },
)
const travelShare = param('Travel Share', 0.05, {
  units: 'dmnl',
  doc: 'Share of contacts made with people from the whole system rather than the own region',
  min: 0,
  max: 1,
})
const recoveryDuration = param('Recovery Duration', 5, {
  units: 'day',
  doc: 'How long a person stays infected',
  min: 0.5,
  max: 30,
})

const infected = stock('Infected', {
  dimensions: [Region],
  initial: 0,
  perElement: { north: 5 },
  units: 'people',
  doc: 'People who are infected and spread the disease; the epidemic starts in the north',
})
const susceptible = stock('Susceptible', {
  dimensions: [Region],
  initial: eq`${population} - ${infected}`,
  units: 'people',
  doc: 'People who can still be infected',
})
const recovered = stock('Recovered', {
  dimensions: [Region],
  initial: 0,
  units: 'people',
  doc: 'People who recovered and are immune',
})

const exposure = aux('Exposure', {
  dimensions: [Region],
  equation: eq`(1 - ${travelShare}) * ${infected} / ${population} + ${travelShare} * SUM(${at(infected, '*')}) / SUM(${at(population, '*')})`,
  units: 'dmnl',
  doc: 'Prevalence a susceptible person meets: mostly the own region, partly the whole system',
})
const infecting = flow('Infecting', {
  dimensions: [Region],
  from: susceptible,
  to: infected,
  rate: eq`${contactRate} * ${susceptible} * ${exposure}`,
  units: 'people/day',
  doc: 'New infections per day',
})
const recovering = flow('Recovering', {
  dimensions: [Region],
  from: infected,
  to: recovered,
  rate: eq`${infected} / ${recoveryDuration}`,
  units: 'people/day',
  doc: 'Recoveries per day',
})
const totalInfected = aux('Total Infected', {
  equation: eq`SUM(${at(infected, '*')})`,
  units: 'people',
  doc: 'Infected people in all regions',
})

export default model('regional SIR', {
  doc: 'Susceptible-infected-recovered epidemic in three regions linked by travel (an arrayed SIR).',
  time: { start: 0, stop: 100, dt: 0.125, units: 'day' },
  dimensions: [Region],
  elements: [
    susceptible,
    infected,
    recovered,
    infecting,
    recovering,
    exposure,
    totalInfected,
    population,
    contactRate,
    travelShare,
    recoveryDuration,
  ],
  loops: [
    {
      id: 'contagion',
      name: 'Contagion',
      polarity: 'reinforcing',
      variables: ['Infected', 'Exposure', 'Infecting'],
      story: 'More infected people expose more susceptible people, who become infected',
    },
    {
      id: 'depletion',
      name: 'Depletion',
      polarity: 'balancing',
      variables: ['Susceptible', 'Infecting'],
      story: 'Infections use up the susceptible people they need',
    },
    {
      id: 'recovery',
      name: 'Recovery',
      polarity: 'balancing',
      variables: ['Infected', 'Recovering'],
      story: 'Infected people recover and stop spreading the disease',
    },
  ],
  scenarios: [
    {
      id: 'lockdown-north',
      name: 'Lockdown in the north',
      doc: 'The north cuts its contacts to a third',
      set: { 'Contact Rate[north]': 0.1 },
    },
    {
      id: 'distancing',
      name: 'Distancing everywhere',
      doc: 'Every region halves its contacts',
      set: { 'Contact Rate[*]': 0.15 },
    },
  ],
})

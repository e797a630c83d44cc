import { eq, flow, model, param, stock } from '@stockflow/model'

// The SDXorg teacup sample (test-models/samples/teacup): a cup of tea cooling toward room temperature.
const temperature = stock('Teacup Temperature', {
  initial: 180,
  units: 'degF',
  doc: 'Temperature of the tea in the cup',
  min: 0,
  max: 212,
})
const room = param('Room Temperature', 70, {
  units: 'degF',
  doc: 'Temperature of the surrounding room',
  min: 0,
  max: 100,
})
const tau = param('Characteristic Time', 10, {
  units: 'minute',
  doc: 'How many minutes it takes the gap to room temperature to fall by about 63%',
  min: 1,
  max: 60,
})
const heatLoss = flow('Heat Loss to Room', {
  from: temperature,
  rate: eq`(${temperature} - ${room}) / ${tau}`,
  units: 'degF/minute',
  doc: 'Rate at which the tea cools, proportional to its excess over room temperature',
})

export default model('teacup', {
  doc: 'Newtonian cooling of a cup of tea (the SDXorg test-models sample).',
  time: { start: 0, stop: 30, dt: 0.125, units: 'minute' },
  elements: [temperature, heatLoss, room, tau],
})

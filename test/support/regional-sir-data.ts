/**
 * A regional SIR (Region = north, south, east) as a modeler writes it in model JSON: names as
 * written, ids left to the reader, subscripts spelt out. Several packages' array tests start from it;
 * `recovering` swaps the recovery equation (a unit mistake, say).
 */
export function regionalSirData(recovering = 'Infected[Region]/Duration') {
  return {
    name: 'regional SIR',
    time: { start: 0, stop: 60, dt: 0.125, units: 'day' },
    dimensions: [{ name: 'Region', elements: ['north', 'south', 'east'] }],
    elements: [
      {
        kind: 'param',
        name: 'Population',
        dimensions: ['Region'],
        value: 1000,
        units: 'people',
        perElement: [{ subscripts: ['south'], equation: '2000' }],
      },
      { kind: 'param', name: 'Contact Rate', dimensions: ['Region'], value: 0.3, units: '1/day', min: 0, max: 1 },
      { kind: 'param', name: 'Travel', value: 0.01, units: 'dmnl' },
      { kind: 'param', name: 'Duration', value: 5, units: 'day' },
      {
        kind: 'stock',
        name: 'Susceptible',
        dimensions: ['Region'],
        initial: 'Population[Region] - 1',
        inflows: [],
        outflows: ['infecting'],
        units: 'people',
      },
      {
        kind: 'stock',
        name: 'Infected',
        dimensions: ['Region'],
        initial: '1',
        inflows: ['infecting'],
        outflows: ['recovering'],
        units: 'people',
      },
      {
        kind: 'stock',
        name: 'Recovered',
        dimensions: ['Region'],
        initial: '0',
        inflows: ['recovering'],
        outflows: [],
        units: 'people',
      },
      {
        kind: 'aux',
        name: 'Exposure',
        dimensions: ['Region'],
        equation: '(1-Travel)*Infected[Region]/Population[Region] + Travel*SUM(Infected[*])/SUM(Population[*])',
        units: 'dmnl',
      },
      {
        kind: 'flow',
        name: 'Infecting',
        dimensions: ['Region'],
        equation: 'Contact_Rate[Region]*Susceptible[Region]*Exposure[Region]',
        units: 'people/day',
      },
      { kind: 'flow', name: 'Recovering', dimensions: ['Region'], equation: recovering, units: 'people/day' },
    ],
  }
}

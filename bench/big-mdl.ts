/**
 * A generated scalar Vensim `.mdl` of a given size, for the parse-time bench: sectors of stocks
 * (`INTEG`), flows, auxiliaries built from `IF THEN ELSE`, `MIN`/`MAX`, `SMOOTH` and named lookups,
 * constants with unit ranges, quoted names with parentheses, comments on every definition and group
 * headers, as Vensim writes them (tabs, CRLF, `~` and `|`). Every name reads only earlier ones or
 * stocks, so the model also imports, compiles and runs.
 */

/** One sector of the model: a stock with its two flows, four auxiliaries, a lookup and two constants. */
function sector(k: number): string {
  const prev = k === 0 ? 'Stock 0' : `"Indicated level ${k - 1} (units)"`
  return [
    ...(k % 25 === 0 ? [group(k)] : []),
    def(
      `Stock ${k}`,
      `INTEG (\r\n\tinflow ${k}-outflow ${k},\r\n\t\tinitial stock ${k})`,
      'widgets',
      `The accumulated widgets of sector ${k}; it starts at its initial value and moves with its flows.`,
    ),
    def(`initial stock ${k}`, String(100 + (k % 17)), 'widgets [0,1000,1]', 'Where the stock starts.'),
    def(
      `inflow ${k}`,
      `adjustment rate ${k}*MAX(0, ${prev}-Stock ${k})+base inflow ${k}`,
      'widgets/Month',
      `Inflow closing the gap to the indicated level of sector ${k - 1 < 0 ? 0 : k - 1}.`,
    ),
    def(
      `outflow ${k}`,
      `Stock ${k}/average residence time ${k}*effect of pressure ${k}(pressure ${k})`,
      'widgets/Month',
      'Outflow: the stock over its residence time, scaled by the effect of pressure.',
    ),
    def(
      `pressure ${k}`,
      `ZIDZ(Stock ${k}, initial stock ${k})`,
      'Dmnl',
      'How full the stock is against where it started.',
    ),
    lookup(`effect of pressure ${k}`, k),
    def(
      `"Indicated level ${k} (units)"`,
      `IF THEN ELSE(Time > 10 :AND: pressure ${k} > 0.5, MIN(Stock ${k}*1.1, 1000), SMOOTH(Stock ${k}, 4))`,
      'widgets',
      'What the next sector aims for: the stock, smoothed while the run settles.',
    ),
    def(`adjustment rate ${k}`, '0.05', '1/Month [0,1,0.01]', 'Fraction of the gap closed per month.'),
    def(`average residence time ${k}`, String(8 + (k % 5)), 'Month [1,50]', 'How long a widget stays.'),
    def(`base inflow ${k}`, String(1 + (k % 3)), 'widgets/Month', 'Inflow independent of the gap.'),
  ].join('')
}

function def(name: string, equation: string, units: string, comment: string): string {
  return `${name}=\r\n\t${equation}\r\n\t~\t${units}\r\n\t~\t${comment}\r\n\t|\r\n\r\n`
}

function lookup(name: string, k: number): string {
  const ys = [1.6, 1.35, 1, 0.8, 0.7, 0.65].map((y) => (y * (1 + (k % 7) / 100)).toFixed(3))
  const points = ys.map((y, i) => `(${i * 0.5},${y})`).join(',')
  return `${name}(\r\n\t[(0,0)-(2.5,2)],${points})\r\n\t~\tDmnl\r\n\t~\tThe effect of pressure on the outflow.\r\n\t|\r\n\r\n`
}

function group(k: number): string {
  const stars = '*'.repeat(56)
  return `${stars}\r\n\t.Sectors ${k} to ${k + 24}\r\n${stars}~\r\n\t\tA group of generated sectors.\r\n\t|\r\n\r\n`
}

const CONTROL = [
  `${'*'.repeat(56)}\r\n\t.Control\r\n${'*'.repeat(56)}~\r\n\t\tSimulation Control Parameters\r\n\t|\r\n\r\n`,
  def('FINAL TIME', '100', 'Month', 'The final time for the simulation.'),
  def('INITIAL TIME', '0', 'Month', 'The initial time for the simulation.'),
  def('SAVEPER', '\r\n        TIME STEP', 'Month [0,?]', 'The frequency with which output is stored.'),
  def('TIME STEP', '0.25', 'Month [0,?]', 'The time step for the simulation.'),
].join('')

const SKETCH =
  '\\\\\\---/// Sketch information - do not modify anything except names\r\nV300  Do not put anything below this section - it will be ignored\r\n*View 1\r\n$192-192-192,0,Times New Roman|12||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|96,96,100,0\r\n10,1,Stock 0,400,300,40,20,3,3,0,0,0,0,0,0\r\n///---\\\\\\\r\n'

/** A model of at least `bytes` characters (UTF-8 header, CRLF line ends) and how many sectors it has. */
export function bigMdl(bytes: number): { text: string; sectors: number } {
  const parts = ['{UTF-8}\r\n']
  let size = parts[0]!.length + CONTROL.length + SKETCH.length
  let sectors = 0
  while (size < bytes) {
    const s = sector(sectors++)
    parts.push(s)
    size += s.length
  }
  parts.push(CONTROL, SKETCH)
  return { text: parts.join(''), sectors }
}

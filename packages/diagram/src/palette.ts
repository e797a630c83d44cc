/** Colours shared by the renderers. */

/** Categorical colours for runs (Tableau 10, reordered so the first two contrast most). */
export const RUN_COLORS = [
  '#4e79a7',
  '#e15759',
  '#59a14f',
  '#f28e2b',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
]

/** Warm shades for reinforcing loops and cool ones for balancing loops, so a chart's sign shows at once. */
export const REINFORCING_COLORS = [
  '#d62728',
  '#ff7f0e',
  '#e377c2',
  '#8c564b',
  '#bcbd22',
  '#f4a582',
  '#b2182b',
  '#fdb863',
]
export const BALANCING_COLORS = ['#1f77b4', '#2ca02c', '#17becf', '#9467bd', '#4393c3', '#66a61e', '#08519c', '#80cdc1']

/** Loop marker and highlight colour by polarity. */
export const LOOP_COLOR = { reinforcing: '#b8322a', balancing: '#1f5f99' } as const

/** Ink for ordinary strokes and text. */
export const INK = '#1d2430'
export const LINK_COLOR = '#66707a'
export const MUTED = '#8a939c'
export const GRID = '#e6e8eb'

/** Colour of `+`, `-` and mixed link signs. */
export const SIGN_COLOR = { '+': '#1a7f37', '-': '#c62828', mixed: '#8a6d00' } as const

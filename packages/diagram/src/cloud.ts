/** Renders a cloud: a source or sink beyond the model's boundary. */
import { el, num } from './svg.js'
import { cloudPath } from './stock-flow-geometry.js'
import type { CloudLayout } from './types.js'

/** `<path class="cloud" data-cloud="flow:from|to">`. */
export function renderCloud(c: CloudLayout): string {
  return el('path', {
    class: 'cloud',
    'data-cloud': `${c.flow}:${c.end}`,
    d: cloudPath(c, undefined, num),
    fill: '#fff',
    stroke: '#44546a',
    'stroke-width': 1.2,
  })
}

import type { TrajectoryVariable } from '@stockflow/diagram'
import { arraysAmong } from '@stockflow/solver/internal'

/**
 * The panels of plotted series, in order: a variable each, and an arrayed variable once (where its first
 * plotted element is) with a line per plotted element, labelled by its subscripts.
 */
export function trajectoryPanels(
  series: readonly { readonly name: string; readonly units?: string }[],
): TrajectoryVariable[] {
  const arrays = arraysAmong(series)
  const arrayOf = new Map<string, string>()
  for (const [id, a] of arrays) for (const e of a.elements) arrayOf.set(e.name, id)
  const units = new Map(series.map((s) => [s.name, s.units]))
  const panels: TrajectoryVariable[] = []
  const done = new Set<string>()
  for (const s of series) {
    const id = arrayOf.get(s.name)
    if (id === undefined) {
      panels.push({ name: s.name, ...(s.units !== undefined ? { units: s.units } : {}) })
      continue
    }
    if (done.has(id)) continue
    done.add(id)
    const array = arrays.get(id)!
    const first = units.get(array.elements[0]!.name)
    panels.push({
      name: array.name,
      ...(first !== undefined ? { units: first } : {}),
      elements: array.elements.map((e) => ({ name: e.name, label: e.subscripts.join(', ') })),
    })
  }
  return panels
}

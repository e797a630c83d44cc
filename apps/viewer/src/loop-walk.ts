/** How a loop that is a closed walk (it passes some variable more than once) is described to people. */
import type { FoundLoop } from './analysis.ts'

const times = (n: number) => (n === 2 ? 'twice' : `${n} times`)

/**
 * `through Pop twice` for a closed walk of an arrayed model's variables (as `stockflow loops` says it),
 * undefined for a simple loop.
 */
export function throughAgain(loop: Pick<FoundLoop, 'variables' | 'names' | 'revisits'>): string | undefined {
  if (!loop.revisits?.length) return undefined
  const said = loop.revisits.map((v) => {
    const name = loop.names[loop.variables.indexOf(v)] ?? v
    return `${name} ${times(loop.variables.filter((x) => x === v).length)}`
  })
  return `through ${said.join(', ')}`
}

/** How many different variables a loop passes through (a closed walk passes some more than once). */
export function distinctVariables(loop: Pick<FoundLoop, 'variables'>): number {
  return new Set(loop.variables).size
}

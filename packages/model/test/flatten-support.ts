import { canonicalId } from '@stockflow/model'
import type { Dimension, Element, Issue, Model } from '@stockflow/model'
import { flattenModel, validateParsed } from '@stockflow/model/internal'

/** An element as a test writes it: no id (derived from the name). */
export type Draft = { readonly name: string } & Record<string, unknown>

export const REGION: Dimension = { name: 'Region', elements: ['north', 'south', 'east'] }
export const AGE: Dimension = { name: 'Age', elements: ['young', 'old'] }

/** A model from dimensions and element drafts, exactly as written (the flattening must cope with anything). */
export function arrayed(dimensions: readonly Dimension[], elements: readonly Draft[]): Model {
  return {
    name: 'test',
    time: { start: 0, stop: 2, dt: 1 },
    dimensions,
    elements: elements.map((e) => ({ id: canonicalId(e.name), ...e }) as unknown as Element),
  }
}

/** Each flat element's equation text (a stock's initial value, a parameter's value) by name. */
export function flatEquations(m: Model): Record<string, string> {
  const { flat } = flattenModel(m)
  return Object.fromEntries(
    flat.elements.map((e) => {
      const text =
        e.kind === 'stock'
          ? e.initial
          : e.kind === 'param'
            ? String(e.value)
            : e.kind === 'lookup'
              ? JSON.stringify([e.x, e.y])
              : e.equation
      return [e.name, text]
    }),
  )
}

/** The flat equation of one element. */
export function flatEquation(m: Model, name: string): string | undefined {
  return flatEquations(m)[name]
}

/** The issues of flattening (not of validating the flat model). */
export function flattenIssues(m: Model): Issue[] {
  return flattenModel(m).issues
}

/** Errors of `validate`, as `code: element: message (hint)` lines, for one-line assertions. */
export function errorLines(m: Model): string[] {
  return validateParsed(m)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => `${i.code}: ${i.element ?? ''}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`)
}

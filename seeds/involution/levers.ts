/**
 * The involution model's policy levers: parameters the scenarios switch (policy year, tariffs, credit
 * targets, quotas, consolidation, debt swaps, ...). Experiments on the model's structural uncertainty
 * leave these at their baseline values and vary the rest.
 */
export const POLICY_LEVERS: readonly string[] = [
  'Policy Year',
  'Added Tariff',
  'Subsidy Cut',
  'Credit Target',
  'Credit Target On',
  'Consumption Boost',
  'Export Restraint On',
  'Final Export Quota',
  'Initial Export Quota',
  'Quota Rent',
  'Isolation Response Target',
  'Isolation Response Target On',
  'Consolidation Rate',
  'Offshoring Rate',
  'Debt Swap Rate',
  'Political Investment Cut',
]

/** Whether a parameter name is a policy lever (names compare case-insensitively). */
export function isPolicyLever(name: string): boolean {
  return POLICY_LEVERS.some((l) => l.toLowerCase() === name.toLowerCase())
}

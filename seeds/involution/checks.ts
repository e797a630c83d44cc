import { check, defineChecks } from '@stockflow/solver'
import type { CheckContext, Verdict } from '@stockflow/solver'
import involution from './model.js'

// The expected behaviour the model's written specification gives (baseline and policy scenarios, and
// the loop-knockout table; the README restates both), as checks run by `pnpm stockflow test seeds/involution` and by vitest (checks.test.ts).
// Bands are the spec's "about" figures with room for rounding; a failure says what was measured.

const KR = 'Capacity to World Demand'
const U = 'Utilisation'
const P = 'Price'
const M = 'Cash Margin'
const Z = 'Zombie Share'
const FDR = 'Firm Debt to Revenue'
const LDR = 'Local Debt Ratio'
const CC = 'Consumer Confidence'
const K = 'Total Capacity'
const X = 'Exports'

/** A variable of a scenario at a year. */
const at = (ctx: CheckContext, scenario: string, name: string, year: number) =>
  ctx.scenario(scenario).series(name).at(year)

/** Scenario over baseline for a variable at a year, e.g. exports in S1 relative to S0 in 2030. */
const relative = (ctx: CheckContext, scenario: string, name: string, year: number) =>
  at(ctx, scenario, name, year).ratioTo(at(ctx, 'S0', name, year))

const POLICIES = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5']

/** `scenario` has the best value of `name` in `year` among the policy scenarios (highest or lowest). */
function best(ctx: CheckContext, scenario: string, name: string, year: number, highest: boolean): Verdict[] {
  const mine = at(ctx, scenario, name, year)
  return POLICIES.filter((s) => s !== scenario).map((s) =>
    highest ? mine.isAbove(at(ctx, s, name, year)) : mine.isBelow(at(ctx, s, name, year)),
  )
}

/** Loop knockouts: the prototype's values at 2024 and 2030, each as [2024, 2030]. */
const KNOCKOUTS: Record<string, Record<string, [number, number]>> = {
  S0: {
    [U]: [0.45, 0.43],
    [P]: [0.76, 0.59],
    [M]: [-0.01, -0.32],
    [Z]: [0.07, 0.5],
    [FDR]: [0.89, 2.36],
    [LDR]: [3.2, 7.4],
    [KR]: [1.92, 1.92],
  },
  'R1-off': {
    [U]: [0.44, 0.38],
    [P]: [0.82, 0.75],
    [M]: [0.08, 0.0],
    [Z]: [0.0, 0.15],
    [FDR]: [0.61, 1.26],
    [LDR]: [3.0, 5.7],
    [KR]: [1.9, 2.14],
  },
  'R2-off': {
    [U]: [0.48, 0.41],
    [P]: [0.84, 0.64],
    [M]: [0.09, -0.2],
    [Z]: [0.0, 0.43],
    [FDR]: [0.38, 1.62],
    [LDR]: [2.3, 5.9],
    [KR]: [1.75, 2.09],
  },
  'R3-off': {
    [U]: [0.45, 0.51],
    [P]: [0.76, 0.66],
    [M]: [-0.01, -0.16],
    [Z]: [0.05, 0.22],
    [FDR]: [0.86, 1.35],
    [LDR]: [3.2, 8.0],
    [KR]: [1.91, 1.46],
  },
  'R5-off': {
    [U]: [0.54, 0.48],
    [P]: [0.86, 0.72],
    [M]: [0.1, -0.06],
    [Z]: [0.0, 0.33],
    [FDR]: [0.24, 0.89],
    [LDR]: [1.9, 4.0],
    [KR]: [1.56, 1.7],
  },
  'B4-off': {
    [U]: [0.44, 0.36],
    [P]: [0.75, 0.54],
    [M]: [-0.02, -0.5],
    [Z]: [0.09, 0.47],
    [FDR]: [0.95, 3.27],
    [LDR]: [3.3, 8.6],
    [KR]: [1.97, 2.34],
  },
  'market-only': {
    [U]: [0.82, 0.76],
    [P]: [1.01, 0.95],
    [M]: [0.2, 0.17],
    [Z]: [0, 0],
    [LDR]: [1.3, 2.8],
    [KR]: [0.96, 0.98],
  },
}

/** Table values are printed to two digits: allow their rounding plus 3%. */
const nearTable = (ctx: CheckContext, scenario: string): Verdict[] =>
  Object.entries(KNOCKOUTS[scenario]!).flatMap(([name, values]) =>
    values.map((expected, i) => {
      const slack = 0.015 + 0.03 * Math.abs(expected)
      return at(ctx, scenario, name, i === 0 ? 2024 : 2030).isBetween(expected - slack, expected + slack)
    }),
  )

export default defineChecks(involution, [
  // Expected behaviour 1: the baseline
  check('S0: provinces designate the sector in an S-curve, from 3 to about 31 of 34 by 2012', (ctx) => {
    const np = ctx.scenario('S0').series('Provinces Prioritising Sector')
    return [np.first().isBetween(3, 3), np.at(2012).isBetween(29, 33), np.rises(), np.at(2016).isAtMost(34)]
  }),
  check(
    'S0: a first shake-out in 2012–13 (price down about 20%, tariffs to about 0.2), then profitable 2014–19',
    (ctx) => {
      const s = ctx.scenario('S0')
      return [
        s.series(P).during(2012, 2013.5).min().ratioTo(s.series(P).at(2010)).isBetween(0.75, 0.85),
        s.series('Trade Barriers').during(2013, 2016).max().isBetween(0.17, 0.25),
        s.series(M).during(2014, 2019).isAtLeast(0.1),
      ]
    },
  ),
  check('S0: capacity reaches about twice world demand in 2024–2026', (ctx) =>
    ctx.scenario('S0').series(KR).during(2024, 2026).isAtLeast(1.8),
  ),
  check('S0: utilisation falls to about 0.42–0.45', (ctx) =>
    ctx.scenario('S0').series(U).during(2024, 2030).min().isBetween(0.4, 0.46),
  ),
  check(
    'S0: the real price falls about 35% by 2024 and 50% by 2030, below variable cost net of subsidy from 2027',
    (ctx) => {
      const price = ctx.scenario('S0').series(P)
      return [
        price.at(2024).ratioTo(price.at(2010)).isBetween(0.6, 0.68),
        price.at(2030).ratioTo(price.at(2010)).isBetween(0.45, 0.55),
        price.during(2027, 2035).isBelow(0.7 / 1.06),
      ]
    },
  ),
  check('S0: inflation hovers near zero in 2022–26', (ctx) =>
    ctx.scenario('S0').series('Inflation').during(2022, 2026).isBetween(-0.01, 0.01),
  ),
  check(
    'S0: the unprofitable share passes 27–32% at an overhang of 1.3–1.45 in 2016–18, and about 80% by 2024',
    (ctx) => {
      const s = ctx.scenario('S0')
      const crossing = s.series('Unprofitable Share').from(2016).timeReaching(0.3)
      return [
        crossing.isBetween(2016, 2018.5),
        s.series('Capacity Overhang').at(crossing.value).isBetween(1.3, 1.45),
        s.series('Unprofitable Share').at(2024).isBetween(0.75, 0.85),
      ]
    },
  ),
  check('S0: zombies follow negative margins by about two years: 0.07 (2024), 0.32 (2026), 0.5 (2030)', (ctx) => {
    const s = ctx.scenario('S0')
    const lag = s.series(Z).from(2020).timeReaching(0.3).minus(s.series(M).from(2020).timeReaching(0))
    return [
      s.series(Z).at(2024).isBetween(0.04, 0.1),
      s.series(Z).at(2026).isBetween(0.28, 0.36),
      s.series(Z).at(2030).isBetween(0.45, 0.55),
      lag.isBetween(1, 3),
    ]
  }),
  check('S0: firm and local debt ratios ratchet up; local debt at risk is about 9% in 2024', (ctx) => {
    const s = ctx.scenario('S0')
    return [
      s.series(FDR).from(2018).rises(),
      s.series(LDR).from(2016).rises(),
      s.series('LG Debt at Risk').at(2024).isBetween(0.07, 0.11),
    ]
  }),
  check('S0: confidence erodes and the glut does not clear by 2035', (ctx) => {
    const s = ctx.scenario('S0')
    return [
      s.series(CC).at(2035).isBelow(s.series(CC).at(2024)),
      s.series(CC).at(2035).isBelow(0.55),
      s.series(KR).at(2035).isAbove(1.4),
    ]
  }),

  // Expected behaviour 2–6: the policy scenarios against the baseline
  check('S1: a tariff wall cuts exports only about 5%, deepens the glut and hits confidence hardest', (ctx) => [
    relative(ctx, 'S1', X, 2030).isBetween(0.9, 0.99),
    at(ctx, 'S1', U, 2030)
      .minus(at(ctx, 'S0', U, 2030))
      .isBetween(-0.09, -0.03),
    relative(ctx, 'S1', P, 2030).isBetween(0.88, 0.95),
    relative(ctx, 'S1', K, 2030).isBetween(1.01, 1.05),
    ...best(ctx, 'S1', CC, 2030, false),
    ...best(ctx, 'S1', FDR, 2030, true),
  ]),
  check(
    'S2: a hard budget constraint cuts capacity about a third and the debt ratio 30–40%, after short-run pain',
    (ctx) => {
      const z = ctx.scenario('S2').series(Z).during(2025, 2035)
      return [
        relative(ctx, 'S2', K, 2030).isBetween(0.62, 0.72),
        at(ctx, 'S2', U, 2030).isBetween(0.55, 0.65),
        relative(ctx, 'S2', LDR, 2030).isBetween(0.6, 0.72),
        at(ctx, 'S2', FDR, 2030).isBelow(at(ctx, 'S0', FDR, 2030)),
        at(ctx, 'S2', M, 2027).isBelow(at(ctx, 'S0', M, 2027)),
        at(ctx, 'S2', Z, 2027).isAbove(at(ctx, 'S0', Z, 2027)),
        z.max().isBetween(0.45, 0.53),
        z.timeReaching(z.max().value).isBetween(2028, 2030.5),
      ]
    },
  ),
  check('S3: a consumption boost alone is absorbed by duplication', (ctx) => [
    relative(ctx, 'S3', 'Domestic Demand', 2030).isBetween(1.25, 1.4),
    relative(ctx, 'S3', K, 2030).isBetween(1.03, 1.09),
    at(ctx, 'S3', U, 2030)
      .minus(at(ctx, 'S0', U, 2030))
      .isBetween(-0.03, 0.03),
    relative(ctx, 'S3', P, 2030).isBetween(0.97, 1.06),
  ]),
  check(
    'S4: export restraint plus consolidation: exports down about 45%, a dip in utilisation, then recovery',
    (ctx) => {
      const u = ctx.scenario('S4').series(U)
      return [
        relative(ctx, 'S4', X, 2030).isBetween(0.5, 0.6),
        u.during(2025, 2027).min().isBetween(0.3, 0.38),
        u.at(2030).isBetween(0.58, 0.68),
        at(ctx, 'S4', Z, 2035).isBelow(0.05),
        at(ctx, 'S4', FDR, 2030).isBelow(1),
        at(ctx, 'S4', LDR, 2030).isBelow(at(ctx, 'S0', LDR, 2030)),
        at(ctx, 'S4', LDR, 2030).isAbove(4),
      ]
    },
  ),
  check('S5: the grand bargain is best on every metric in 2030, then overshoots like a commodity cycle', (ctx) => [
    ...best(ctx, 'S5', U, 2030, true),
    ...best(ctx, 'S5', P, 2030, true),
    ...best(ctx, 'S5', M, 2030, true),
    ...best(ctx, 'S5', FDR, 2030, false),
    ...best(ctx, 'S5', LDR, 2030, false),
    ...best(ctx, 'S5', CC, 2030, true),
    at(ctx, 'S5', K, 2030).isBetween(500, 580),
    at(ctx, 'S5', U, 2030).isBetween(0.84, 0.92),
    at(ctx, 'S5', P, 2030).isBetween(1.1, 1.25),
    at(ctx, 'S5', P, 2035).isBetween(0.9, 1.05),
  ]),

  // Loop knockouts, against the prototype's table
  ...Object.keys(KNOCKOUTS).map((scenario) =>
    check(`knockout ${scenario}: u, P, m, Z, FD/R, LDR and K/world demand at 2024 and 2030 match the table`, (ctx) =>
      nearTable(ctx, scenario),
    ),
  ),
  check('market-only: with political duplication removed, overcapacity disappears and firms pay out cash', (ctx) => {
    const s = ctx.scenario('market-only')
    return [
      s.series(KR).from(2016).isAtMost(1.1),
      s.series(FDR).from(2024).isBetween(-0.1, 0.1),
      s.series(Z).from(2020).isAtMost(0.01),
    ]
  }),
])

/**
 * Explicit Runge-Kutta methods as Butcher tableaux: `a` (stage coefficients, lower triangle),
 * `b` (weights) and `c` (stage times). One code generator turns any of them into a stepping loop.
 */
export interface Tableau {
  readonly name: string
  readonly a: readonly (readonly number[])[]
  readonly b: readonly number[]
  readonly c: readonly number[]
  /** Global order of accuracy: halving dt divides the error by 2^order. */
  readonly order: number
}

/** Forward Euler: Vensim's and Stella's default. */
export const euler: Tableau = { name: 'euler', a: [[]], b: [1], c: [0], order: 1 }

/** Heun's method, the two-stage RK2 of Vensim and Stella. */
export const rk2: Tableau = { name: 'rk2', a: [[], [1]], b: [0.5, 0.5], c: [0, 1], order: 2 }

/** The classical fourth-order Runge-Kutta method. */
export const rk4: Tableau = {
  name: 'rk4',
  a: [[], [0.5], [0, 0.5], [0, 0, 1]],
  b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
  c: [0, 0.5, 0.5, 1],
  order: 4,
}

/** The fixed-step methods by name. */
export const TABLEAUX: Readonly<Record<'euler' | 'rk2' | 'rk4', Tableau>> = { euler, rk2, rk4 }

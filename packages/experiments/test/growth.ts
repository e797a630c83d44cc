import { eq, flow, model, param, stock } from '@stockflow/model'

/** x' = r x from x(0) = 1 over 0..10: x(10) = exp(10 r), so its quantiles follow r's. */
export function growthModel() {
  const x = stock('x', { initial: 1 })
  const r = param('r', 0.1)
  const growth = flow('growth', { to: x, rate: eq`${r} * ${x}` })
  return model('growth', {
    time: { start: 0, stop: 10, dt: 0.125, saveper: 1, method: 'rk4' },
    elements: [x, r, growth],
  })
}

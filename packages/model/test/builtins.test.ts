import { describe, expect, it } from 'vitest'
import { BUILTINS } from '@stockflow/model'
import { findBuiltin } from '@stockflow/model/internal'

describe('the builtin catalogue', () => {
  it('names every builtin once, aliases included', () => {
    const names = BUILTINS.flatMap((b) => [b.name, ...b.aliases])
    expect(new Set(names).size).toBe(names.length)
  })

  // What a Vensim name written with spaces finds: the translator from .mdl maps the rest (argument
  // order, PULSE and STEP to VENSIM_PULSE and VENSIM_STEP, LOOKUP FORWARD to a table mode).
  it.each([
    ['ACTIVE INITIAL', 'active_initial', 2],
    ['SAMPLE IF TRUE', 'sample_if_true', 3],
    ['DELAY N', 'delay_n', 4],
    ['SMOOTH N', 'smooth_n', 4],
    ['DELAY FIXED', 'delay_fixed', 3],
    ['DELAY1I', 'delay1', 3],
    ['SMOOTH3I', 'smth3', 3],
    ['INITIAL', 'init', 1],
    ['FORECAST', 'forcst', 3],
    ['GET TIME VALUE', 'get_time_value', 3],
    ['XIDZ', 'xidz', 3],
    ['ZIDZ', 'zidz', 2],
    ['QUANTUM', 'quantum', 2],
    ['INTEGER', 'integer', 1],
    ['MODULO', 'modulo', 2],
    ['POWER', 'power', 2],
    ['GAME', 'game', 1],
    ['PULSE TRAIN', 'pulse_train', 4],
    ['RANDOM UNIFORM', 'uniform', 3],
    ['RANDOM NORMAL', 'random_normal', 5],
    ['IF THEN ELSE', 'if_then_else', 3],
  ])('%s is %s, taking %d arguments', (vensim, name, args) => {
    const spec = findBuiltin(vensim)!
    expect(spec.name).toBe(name)
    expect(args >= spec.minArgs && args <= spec.maxArgs).toBe(true)
  })
})

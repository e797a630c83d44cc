import { check, defineChecks } from '@stockflow/solver'
import teacup from './model.js'

// What anyone expects of a cooling cup of tea, as behaviour checks (`pnpm stockflow test seeds/teacup`).
export default defineChecks(teacup, [
  check('the tea only cools', ({ scenario }) => scenario().series('Teacup Temperature').falls()),
  check('the tea never drops below room temperature', ({ scenario }) =>
    scenario().series('Teacup_Temperature - Room_Temperature').isAtLeast(0),
  ),
  check('after three characteristic times the gap to the room has shrunk to about 5%', ({ scenario }) =>
    scenario().series('(Teacup_Temperature - Room_Temperature) / 110').at(30).isNear(Math.exp(-3), 0.05),
  ),
])

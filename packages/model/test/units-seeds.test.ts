import { describe, expect, it } from 'vitest'
import { checkUnits, formatIssue } from '@stockflow/model'
import involution from '../../../seeds/involution/model.js'
import regionalSir from '../../../seeds/regional-sir/model.js'
import sir from '../../../seeds/SIR/model.js'
import teacup from '../../../seeds/teacup/model.js'

describe('the seeds are dimensionally consistent', () => {
  it.each([
    ['teacup', teacup],
    ['SIR', sir],
    ['involution', involution],
    ['regional SIR (arrays)', regionalSir],
  ] as const)('%s has no unit warnings', async (_name, model) => {
    const issues = (await checkUnits(model)).map((i) => formatIssue(i))
    expect(issues).toEqual([])
  })
})

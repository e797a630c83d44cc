// The 2,000-variable model the end-to-end tests and `pnpm bench:viewer` open in the viewer.
import type { Page } from 'playwright-core'
import { modelToJSON } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { generate } from '../../bench/models.ts'

/** 666 stocks in a ring, each draining into the next through a flow driven by an auxiliary: 1,999 variables, 667 loops. */
export const LARGE_MODEL: Model = {
  ...generate('chain', 2000, 100),
  scenarios: [{ id: 'fast', name: 'Faster drain', set: { k: 0.08 } }],
}

/** The model as a file for `setInputFiles`. */
export const LARGE_MODEL_FILE = {
  name: 'chain-2000.json',
  mimeType: 'application/json',
  buffer: Buffer.from(modelToJSON(LARGE_MODEL)),
}

/** Waits until both diagrams and the loop analysis of the open model are done. */
export async function settled(page: Page): Promise<void> {
  for (const what of ['cld', 'stock-flow', 'analysis']) {
    await page.waitForSelector(`html[data-${what}="ready"]`, { timeout: 120_000 })
  }
}

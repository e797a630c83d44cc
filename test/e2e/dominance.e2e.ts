// Loop dominance in the viewer, in Debian's headless Chromium at the desktop viewport, on the involution
// model: shared among all loops by default, its dominant loop per interval is what
// `stockflow loops --dominance --json` prints (same found ids, same intervals); named loops are labelled
// with their found ids; "named loops only" shares the scores among the loops the named ones match.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { loopsCommand } from '../../packages/cli/src/commands/loops.ts'
import { DESKTOP_VIEWPORT } from './browser.ts'
import { useViewer } from './viewer-session.ts'

const viewer = useViewer({ viewport: DESKTOP_VIEWPORT })

interface CliLoops {
  loops: { id: string; named?: string[] }[]
  named: { id: string; name: string; loop?: string }[]
  dominance: { intervals: { partition: number; start: number; end: number; loop: string }[] }
}

/** `stockflow loops seeds/involution --dominance --json`, run in this process. */
async function cliDominance(): Promise<CliLoops> {
  let out = ''
  const code = await loopsCommand(
    join(import.meta.dirname, '../../seeds/involution'),
    { dominance: true, json: true },
    { stdout: (t) => void (out += t), stderr: () => undefined },
  )
  expect(code).toBe(0)
  return JSON.parse(out) as CliLoops
}

/** The intervals the dominance panel lists, as `[loop, start, end, partition]`. */
async function shownIntervals(page: Page): Promise<[string, number, number, number][]> {
  return page
    .locator('#panel-dominance li[data-loop]')
    .evaluateAll((lis) =>
      lis.map((li) => [
        li.getAttribute('data-loop')!,
        Number(li.getAttribute('data-start')),
        Number(li.getAttribute('data-end')),
        Number(li.getAttribute('data-partition')),
      ]),
    ) as Promise<[string, number, number, number][]>
}

describe('loop dominance in the viewer', () => {
  it('agrees with `stockflow loops --dominance` on the dominant loop per interval, over all loops', async () => {
    const [cli, page] = await Promise.all([cliDominance(), viewer.open('?model=involution')])
    await page.waitForSelector('html[data-analysis="ready"]', { timeout: 60_000 })
    await page.waitForSelector('#panel-dominance li[data-loop]', { state: 'attached' })
    const expected = cli.dominance.intervals.map((i) => [i.loop, i.start, i.end, i.partition])
    expect(expected.length).toBeGreaterThan(10)
    expect(await shownIntervals(page)).toEqual(expected)
    expect(await page.locator('#panel-dominance input[value="all"]').isChecked()).toBe(true)

    // The chart: the strongest loops and every named match by found id, the rest summed by polarity.
    const legend = await page
      .locator('#panel-dominance .legend-entry')
      .evaluateAll((gs) =>
        gs.map((g) => ({ key: g.getAttribute('data-loop')!, text: g.querySelector('text')!.textContent! })),
      )
    const matched = cli.named.filter((n) => n.loop !== undefined)
    for (const n of matched) {
      const entry = legend.find((e) => e.key === n.loop)
      expect(entry, n.id).toBeDefined()
      // `B2 = B6 name`: the found id first, then the named loop's id where it differs.
      expect(entry!.text.startsWith(n.loop === n.id ? `${n.id} ` : `${n.loop} `), entry!.text).toBe(true)
      if (n.loop !== n.id) expect(entry!.text).toContain(`= ${n.id}`)
    }
    expect(legend.filter((e) => e.key.startsWith('other-')).map((e) => e.text)).toEqual([
      expect.stringMatching(/^\d+ other reinforcing loops$/),
      expect.stringMatching(/^\d+ other balancing loops$/),
    ])
    if (process.env.STOCKFLOW_SHOTS)
      await page.locator('#panel-dominance').screenshot({ path: process.env.STOCKFLOW_SHOTS })
    // The list's text names the dominant loop with its label.
    const first = cli.dominance.intervals[0]!
    expect(await page.locator('#panel-dominance li[data-loop]').first().textContent()).toContain(first.loop)

    // Named loops only: the intervals change to the named loops' matches, and the URL keeps the choice.
    await page.locator('#panel-dominance input[value="named"]').check()
    await expect.poll(() => decodeURIComponent(page.url())).toContain('dom=named')
    const named = new Set(matched.map((n) => n.loop))
    await expect
      .poll(async () => (await shownIntervals(page)).every(([loop]) => named.has(loop)), { timeout: 60_000 })
      .toBe(true)
    expect(await page.locator('#panel-dominance .legend-entry[data-loop^="other-"]').count()).toBe(0)
    await page.close()
  })
})

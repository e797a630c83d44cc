// Vensim .mdl files in the viewer, in Debian's headless Chromium against the production build (built by
// global-setup.ts): a model with a two-view sketch opened by the file input, drawn as its sketch places
// it, with its View menu and a run; and a model reading a CSV data file, which the page asks for when
// it was not given, then opens and runs once it is.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { DEPOSITS_CSV, PLAIN_MDL, SAVINGS_MDL } from '../../apps/viewer/test/mdl-fixtures.ts'
import { useViewer } from './viewer-session.ts'

const viewer = useViewer()

const file = (name: string, text: string) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(text) })
const stockFlow = '#panel-stock-flow .diagram svg'

/** A node's centre in the stock-and-flow diagram's units: a stock's box, a variable's circle. */
async function centre(page: Page, id: string): Promise<{ x: number; y: number }> {
  const node = page.locator(`${stockFlow} [data-node="${id}"]`)
  if ((await node.getAttribute('class'))!.includes('stock')) {
    const rect = node.locator('rect').first()
    const [x, y, w, h] = await Promise.all(
      ['x', 'y', 'width', 'height'].map(async (a) => Number(await rect.getAttribute(a))),
    )
    return { x: x! + w! / 2, y: y! + h! / 2 }
  }
  const circle = node.locator('circle').first()
  return { x: Number(await circle.getAttribute('cx')), y: Number(await circle.getAttribute('cy')) }
}

describe('Vensim .mdl files', () => {
  it('opens a .mdl file chosen with the file input: its sketch drawn as placed, its views, and a run', async () => {
    const page = await viewer.open('?model=teacup')
    expect(await page.locator('#file-input').getAttribute('accept')).toContain('.mdl')
    await page.locator('#file-input').setInputFiles(file('plain.mdl', PLAIN_MDL))
    await expect.poll(() => page.locator('#model-select').inputValue()).toBe('file')
    expect(await page.locator('#model-select option:checked').innerText()).toBe('File: plain.mdl')
    await page.waitForSelector('html[data-stock-flow="ready"]')

    // The stock and its flow where the sketch puts them: the offsets between them are the sketch's.
    await page.waitForSelector(`${stockFlow} [data-node="savings"]`)
    const savings = await centre(page, 'savings')
    const rate = await centre(page, 'interest_rate')
    expect(savings.x - rate.x).toBeCloseTo(400 - 290, 0)
    expect(savings.y - rate.y).toBeCloseTo(200 - 120, 0)
    expect(await page.locator('#stock-flow-view').isVisible()).toBe(false) // one view: no menu

    // A run: the stock is plotted over the model's ten years.
    const chart = page.locator('#panel-trajectories .diagram')
    await page.waitForSelector('#panel-trajectories svg [data-variable="Savings"]')
    expect(await chart.innerText()).toContain('Savings')
    expect(await page.getByRole('alert').isVisible()).toBe(false)
    await page.close()
  })

  it('asks for a data file the model reads that was not given, then opens and runs the model with it', async () => {
    const page = await viewer.open('?model=sir')
    await page.locator('#file-input').setInputFiles(file('savings.mdl', SAVINGS_MDL))
    const request = page.getByRole('region', { name: 'Data files needed' })
    await expect.poll(() => request.isVisible()).toBe(true)
    expect(await request.locator('.text').innerText()).toBe(
      'savings.mdl reads the data file "deposits.csv", which was not given with it: add it to open the model.',
    )
    // Nothing else moved: the open model stays, no error.
    expect(await page.locator('#model-select').inputValue()).toBe('sir')
    expect(await page.getByRole('alert').isVisible()).toBe(false)
    expect(await page.locator('#panel-cld .diagram svg [data-node="infectious"]').count()).toBe(1)

    expect(await request.getByRole('button', { name: 'Add data files…' }).isVisible()).toBe(true)
    const input = page.locator('#data-input')
    expect(await input.getAttribute('aria-label')).toBe('Data files for savings.mdl')
    await input.setInputFiles(file('deposits.csv', DEPOSITS_CSV))
    await expect.poll(() => page.locator('#model-select').inputValue()).toBe('file')
    expect(await request.isVisible()).toBe(false)
    await page.waitForSelector('#panel-trajectories svg [data-variable="Savings"]')

    // The run read the file: Deposits goes from 10 to 30 as the CSV says (the exported run).
    const rows = (await downloadCsv(page)).trim().split('\n')
    const header = rows[0]!.split(',')
    const column = header.indexOf('Deposits')
    expect(column).toBeGreaterThan(0)
    const at = (t: number) => Number(rows.find((r) => r.split(',')[0] === String(t))!.split(',')[column])
    expect([at(0), at(5), at(10)]).toEqual([10, 20, 30])

    // Two views in the sketch: the View menu names both and draws the second.
    const views = page.locator('#stock-flow-view')
    expect(await views.locator('option').allInnerTexts()).toEqual(['Account', 'Deposits'])
    await views.selectOption({ label: 'Deposits' })
    await page.waitForSelector('html[data-stock-flow="ready"]')
    await page.waitForSelector(`${stockFlow} [data-node="deposits"]`)
    expect(await page.locator(`${stockFlow} [data-node="savings"]`).count()).toBe(0)
    await page.close()
  })

  it('opens a .mdl file dropped with its data file at once', async () => {
    const page = await viewer.open('?model=sir')
    const transfer = await page.evaluateHandle(
      `(() => {
        const t = new DataTransfer()
        t.items.add(new File([${JSON.stringify(DEPOSITS_CSV)}], 'deposits.csv', { type: 'text/csv' }))
        t.items.add(new File([${JSON.stringify(SAVINGS_MDL)}], 'savings.mdl'))
        return t
      })()`,
    )
    await page.dispatchEvent('body', 'drop', { dataTransfer: transfer })
    await expect.poll(() => page.locator('#model-select').inputValue()).toBe('file')
    await page.waitForSelector('#panel-trajectories svg [data-variable="Savings"]')
    expect(await page.getByRole('region', { name: 'Data files needed' }).isVisible()).toBe(false)
    await page.close()
  })
})

/** The trajectories panel's CSV export. */
async function downloadCsv(page: Page): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export the plotted runs as CSV' }).click(),
  ])
  return readFileSync((await download.path())!, 'utf8')
}

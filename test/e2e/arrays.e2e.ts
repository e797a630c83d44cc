// Arrays in the viewer, in Debian's headless Chromium at the desktop viewport, on the regional SIR
// seed (Region = north, south, east): an arrayed variable's trajectory draws a line per region with a
// legend, arrayed stocks stack, the variable list picks elements, and an arrayed parameter's sliders
// are grouped under its name, collapsed.
import { describe, expect, it } from 'vitest'
import { DESKTOP_VIEWPORT } from './browser.ts'
import { useViewer } from './viewer-session.ts'

const viewer = useViewer({ viewport: DESKTOP_VIEWPORT })
const REGIONS = ['north', 'south', 'east']

describe('arrays in the viewer', () => {
  it("draws an arrayed variable's elements as a line each, with a legend of its regions", async () => {
    const page = await viewer.open('?model=regional-sir')
    const panel = page.locator('#panel-trajectories g.panel[data-variable="Infected"]')
    await panel.waitFor()
    // Infected is a stock: stacked by default, an area per region, its legend naming the regions.
    expect(await panel.getAttribute('data-stacked')).toBe('true')
    expect(await panel.locator('.legend-entry').allTextContents()).toEqual(REGIONS)
    const elements = await panel
      .locator('path.series')
      .evaluateAll((ps) => ps.map((p) => p.getAttribute('data-element')))
    expect(elements).toEqual(REGIONS.map((r) => `Infected[${r}]`))
    // A scalar keeps its one line per run.
    const total = page.locator('#panel-trajectories g.panel[data-variable="Total Infected"]')
    expect(await total.locator('path.series').count()).toBe(1)
    // Unstacked: a line per region, each in its own colour.
    await page.locator('#stack-arrays').uncheck()
    const lines = page.locator('#panel-trajectories g.panel[data-variable="Infected"] path.series')
    await expect
      .poll(() => lines.evaluateAll((ps) => ps.map((p) => p.getAttribute('fill'))))
      .toEqual(['none', 'none', 'none'])
    const colours = await lines.evaluateAll((ps) => ps.map((p) => p.getAttribute('stroke')))
    expect(new Set(colours).size).toBe(3)
    await page.close()
  })

  it('picks elements in the variable list: the array row ticks them all, a region alone plots one line', async () => {
    const page = await viewer.open('?model=regional-sir')
    const row = page.locator('#variables details.array-variable[data-array="susceptible"]')
    await row.waitFor()
    expect(await row.locator('summary .kind').textContent()).toBe('stock ×3')
    await row.locator('input.array').check()
    await expect
      .poll(() => decodeURIComponent(page.url()))
      .toContain('var=susceptible[north]&var=susceptible[south]&var=susceptible[east]')
    const panel = page.locator('#panel-trajectories g.panel[data-variable="Susceptible"]')
    await expect.poll(() => panel.locator('.legend-entry').allTextContents()).toEqual(REGIONS)
    // Untick two regions: the panel keeps one, and the array's box shows some are plotted.
    await row.locator('summary').click()
    await row.locator('label[data-id="susceptible[north]"] input').uncheck()
    await row.locator('label[data-id="susceptible[south]"] input').uncheck()
    await expect.poll(() => panel.locator('.legend-entry').allTextContents()).toEqual(['east'])
    expect(
      await row.locator('input.array').evaluate((e) => (e as unknown as { indeterminate: boolean }).indeterminate),
    ).toBe(true)
    await page.close()
  })

  it('plots every element of an arrayed variable clicked in the causal-loop diagram, and unplots them', async () => {
    const page = await viewer.open('?model=regional-sir')
    const node = page.locator('#panel-cld svg [data-node="susceptible"]').first()
    await node.waitFor()
    await page.waitForSelector('html[data-cld="ready"]')
    await node.click()
    await expect
      .poll(() => decodeURIComponent(page.url()))
      .toContain('var=susceptible[north]&var=susceptible[south]&var=susceptible[east]')
    const panel = page.locator('#panel-trajectories g.panel[data-variable="Susceptible"]')
    await expect.poll(() => panel.locator('.legend-entry').allTextContents()).toEqual(REGIONS)
    await node.click()
    await expect.poll(() => decodeURIComponent(page.url())).not.toContain('susceptible[')
    expect(await panel.count()).toBe(0)
    await page.close()
  })

  it("groups an arrayed parameter's sliders under its name, collapsed, and runs with one region's value", async () => {
    const page = await viewer.open('?model=regional-sir')
    const group = page.locator('#params details.param-group[data-array="contact_rate"]')
    await group.waitFor()
    expect(await group.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(false)
    expect(await group.locator('summary').textContent()).toBe('Contact Rate (1/day) ×3')
    expect(await group.locator('.param .name').allTextContents()).toEqual(REGIONS)
    // Each region's own value, from the model.
    const values = await group
      .locator('.param input.value')
      .evaluateAll((es) => es.map((e) => (e as unknown as { value: string }).value))
    expect(values).toEqual(['0.35', '0.3', '0.25'])
    // The scalar parameters stay rows of their own.
    expect(await page.locator('#params > .param[data-id="travel_share"]').count()).toBe(1)
    await group.locator('summary').click()
    const box = page.getByLabel('Contact Rate[east] value')
    await box.fill('0.5')
    await box.press('Enter')
    await box.blur()
    await expect.poll(() => decodeURIComponent(page.url())).toContain('p.contact_rate[east]=0.5')
    expect(await group.getAttribute('class')).toContain('edited')
    // A scenario setting every region (`Contact Rate[*]`) shows in each slider.
    await page.selectOption('#scenario-select', 'distancing')
    await expect
      .poll(() =>
        group
          .locator('.param input.value')
          .evaluateAll((es) => es.map((e) => (e as unknown as { value: string }).value)),
      )
      .toEqual(['0.15', '0.15', '0.15'])
    await page.close()
  })

  it("draws Monte Carlo bands around each region's line, varying each region's parameters", async () => {
    const page = await viewer.open('?model=regional-sir')
    await page.locator('#panel-trajectories g.panel[data-variable="Infected"]').waitFor()
    await page.locator('#mc-runs').fill('20')
    await page.locator('#mc-run').click()
    await page.waitForSelector('html[data-montecarlo="done"]', { timeout: 60_000 })
    // 6 region values and 2 scalars varied.
    expect(await page.locator('#mc-status').innerText()).toMatch(/^20 runs varying 8 parameters/)
    const panel = page.locator('#panel-trajectories g.panel[data-variable="Infected"]')
    // Bands are not stacked: the regions are lines again, each inside its own band.
    expect(await panel.getAttribute('data-stacked')).toBeNull()
    expect(await panel.locator('g.bands').count()).toBe(3)
    await page.close()
  })

  it('draws an arrayed stock as a stack of boxes in the stock-and-flow diagram', async () => {
    const page = await viewer.open('?model=regional-sir')
    await page.waitForSelector('#panel-stock-flow svg [data-node="infected"]')
    expect(await page.locator('#panel-stock-flow [data-node="infected"]').getAttribute('class')).toContain('arrayed')
    expect(await page.locator('#panel-stock-flow [data-node="infected"] rect.stack-layer').count()).toBe(2)
    if (process.env.STOCKFLOW_SHOTS) await page.screenshot({ path: process.env.STOCKFLOW_SHOTS, fullPage: true })
    await page.close()
  })
})

// Nothing lost on a reload, in Debian's headless Chromium against the production build (built by
// global-setup.ts): the URL keeps the scenario and the parameter edits even when the page is reloaded
// right after them, before the throttled URL update would have been written.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { useViewer } from './viewer-session.ts'

const viewer = useViewer()

/** A fresh page on the viewer (path and query relative to the server). */
const open = viewer.open

async function reload(page: Page): Promise<void> {
  await page.reload()
  await page.waitForSelector('html[data-ready="true"]')
}

const tariff = (page: Page) => page.getByLabel('Added Tariff', { exact: true })
const trajectories = (page: Page) => page.locator('#panel-trajectories .diagram').innerHTML()

describe('a reload', () => {
  it('keeps the scenario and a value typed into a number box, reloaded at once', async () => {
    const page = await open('?model=involution')
    await page.locator('#scenario-select').selectOption('S1')
    const box = page.getByLabel('Added Tariff value')
    await box.fill('0.42')
    await box.press('Enter')
    const chart = await trajectories(page)
    await reload(page)
    expect(await page.locator('#scenario-select').inputValue()).toBe('S1')
    expect(await box.inputValue()).toBe('0.42')
    expect(await tariff(page).inputValue()).toBe('0.42')
    expect(await trajectories(page)).toBe(chart)
    // Reset returns to the scenario's values, and that survives a reload too.
    await page.getByRole('button', { name: 'Reset all' }).click()
    await reload(page)
    expect(page.url()).not.toContain('p.added_tariff')
    expect(await page.locator('#scenario-select').inputValue()).toBe('S1')
    await page.close()
  })

  it('keeps the last of a burst of slider moves when the reload comes before the URL is written', async () => {
    const page = await open('?model=involution')
    // Three moves in one task, then the reload: the URL is written at most every 150 ms, so the last
    // two wait, kept in sessionStorage meanwhile.
    await page.evaluate(`(() => {
      const input = document.querySelector('#params .param[data-id="added_tariff"] input.slider')
      for (const v of ['0.3', '0.35', '0.37']) {
        input.value = v
        input.dispatchEvent(new Event('input', { bubbles: true }))
      }
      location.reload()
    })()`)
    await page.waitForURL(/p\.added_tariff=0\.37/)
    await page.waitForSelector('html[data-ready="true"]')
    expect(await tariff(page).inputValue()).toBe('0.37')
    expect(await page.locator('#params .param.edited').count()).toBe(1)
    await page.close()
  })

  it('does not carry a change waiting for the URL into another address', async () => {
    const page = await open('?model=involution')
    await page.evaluate(`(() => {
      const input = document.querySelector('#params .param[data-id="added_tariff"] input.slider')
      for (const v of ['0.3', '0.35']) {
        input.value = v
        input.dispatchEvent(new Event('input', { bubbles: true }))
      }
      location.assign('?model=sir')
    })()`)
    await page.waitForURL(/model=sir/)
    await page.waitForSelector('html[data-ready="true"]')
    expect(page.url()).not.toContain('p.added_tariff')
    expect(await page.locator('#model-select').inputValue()).toBe('sir')
    await page.close()
  })
})

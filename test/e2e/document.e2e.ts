// The model as a document, in Debian's headless Chromium at the desktop viewport: the table of every
// variable, its filter, selection from a row, CSV and HTML export, and a model with markup in its
// names and docs, which the table and the exported page show as text and never run.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { modelToJSON } from '@stockflow/model'
import involution from '../../seeds/involution/model.ts'
import { HOSTILE_NAMES, hostileModel } from '../../apps/viewer/test/hostile-model.ts'
import { DESKTOP_VIEWPORT } from './browser.ts'
import { LARGE_MODEL, LARGE_MODEL_FILE } from './large-model.ts'
import { useViewer } from './viewer-session.ts'

const viewer = useViewer({ viewport: DESKTOP_VIEWPORT })
const rows = '#model-document tbody tr[data-id]'
const shown = `${rows}:not([hidden])`

/** Opens the document from the header and waits for its rows. */
async function openDocument(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Model document', exact: true }).click()
  await page.waitForSelector(rows)
}

/** Clicks an export button of the document and reads the file it downloads. */
async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#model-document .toolbar').getByRole('button', { name: button, exact: true }).click(),
  ])
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') }
}

/** Counts the CSV records (RFC 4180: a quoted field may hold line breaks). */
function csvRecords(text: string): number {
  let quoted = false
  let records = 0
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted
    else if (!quoted && text[i] === '\n') records++
  }
  return records
}

describe('the model document', () => {
  it('lists every variable of the involution model, filters, and selects from a row', async () => {
    const page = await viewer.open('?model=involution')
    expect(await page.locator('#model-document').isHidden()).toBe(true)
    await openDocument(page)
    expect(await page.locator(rows).count()).toBe(involution.elements.length)
    expect(involution.elements.length).toBe(227)
    // Sparklines of the run, and the warnings once the unit check has loaded.
    await expect.poll(() => page.locator('#model-document td.run svg.spark path').count()).toBeGreaterThan(5)
    await page.waitForSelector('#model-document[data-warnings="ready"]')
    expect(await page.locator('#model-document tr.warned').count()).toBeGreaterThan(0)

    await page.getByLabel('Filter the model document').fill('Price')
    const names = await page.locator(`${shown} button.select`).allTextContents()
    expect(names).toContain('Price')
    expect(names.length).toBeLessThan(227)
    await expect.poll(() => page.locator('#model-document .count').textContent()).toMatch(/^\d+ of 227 variables/)

    const price = page.locator(`${rows}[data-id="price"]`)
    // Its sparkline is drawn once the row is in view.
    await expect.poll(() => price.locator('svg.spark path').count()).toBe(1)
    expect(await price.locator('td.run span').textContent()).toMatch(/ … .*, ends /)
    await price.locator('td.units').click()
    await expect.poll(() => decodeURIComponent(page.url())).toContain('sel=price')
    expect(await price.getAttribute('aria-selected')).toBe('true')
    // A cause selects that variable instead.
    const cause = price.locator('button.ref').first()
    const causeId = (await cause.getAttribute('data-ref'))!
    await cause.click()
    await expect.poll(() => decodeURIComponent(page.url())).toContain(`sel=${causeId}`)
    expect(await price.getAttribute('aria-selected')).toBeNull()

    // Kinds and warnings narrow the list too.
    await page.getByLabel('Filter the model document').fill('')
    await page.getByLabel('Kinds of variable shown').selectOption('stock')
    expect(await page.locator(shown).count()).toBe(involution.elements.filter((e) => e.kind === 'stock').length)
    await page.getByLabel('Kinds of variable shown').selectOption('')
    await page.close()
  })

  it('draws the sparklines of a large model only near the view, and follows the sliders', async () => {
    const page = await viewer.open('?model=teacup')
    await page.locator('#file-input').setInputFiles(LARGE_MODEL_FILE)
    await page.waitForSelector('#panel-trajectories svg [data-variable="s0"]', { timeout: 60_000 })
    await openDocument(page)
    expect(await page.locator(rows).count()).toBe(LARGE_MODEL.elements.length)
    await expect.poll(() => page.locator('#model-document svg.spark').count(), { timeout: 30_000 }).toBeGreaterThan(5)
    expect(await page.locator('#model-document svg.spark').count()).toBeLessThan(200)
    // A parameter every flow reads lists a few of its uses, and the rest on demand.
    const k = page.locator(`${rows}[data-id="k"]`)
    const uses = LARGE_MODEL.elements.filter((e) => 'equation' in e && /\bk\b/.test(e.equation)).length
    expect(await k.locator('button.ref').count()).toBeLessThan(12)
    await k.locator('button.more').click()
    expect(await k.locator('button.ref').count()).toBe(uses)
    expect(await k.getAttribute('aria-selected')).toBeNull()
    const last = page.locator(`${rows}.stock`).last()
    await last.scrollIntoViewIfNeeded()
    await expect.poll(() => last.locator('svg.spark').count(), { timeout: 30_000 }).toBe(1)
    // A slider's new run redraws the sparklines in view.
    const before = await last.locator('svg.spark path').getAttribute('d')
    const slider = page.getByLabel('k', { exact: true })
    await slider.focus()
    await slider.press('End')
    await expect.poll(() => last.locator('svg.spark path').getAttribute('d'), { timeout: 30_000 }).not.toBe(before)
    await page.close()
  }, 120_000)

  it('exports every variable as CSV and as a standalone HTML page', async () => {
    const page = await viewer.open('?model=involution')
    await openDocument(page)
    await page.waitForSelector('#model-document[data-warnings="ready"]')
    const csv = await download(page, 'CSV')
    expect(csv.name).toBe('involution-document.csv')
    expect(csvRecords(csv.text)).toBe(228)
    expect(csv.text.split('\r\n')[0]).toMatch(/^name,id,kind,/)
    const html = await download(page, 'HTML')
    expect(html.name).toBe('involution-document.html')
    const standalone = await viewer.browser.newPage()
    await standalone.setContent(html.text)
    expect(await standalone.locator('tbody tr').count()).toBe(227)
    expect(await standalone.locator('h1').textContent()).toBe(involution.name)
    expect(await standalone.locator('script').count()).toBe(0)
    await standalone.close()
    await page.close()
  })

  it('shows markup in names and docs as text, and its HTML export runs none of it', async () => {
    const page = await viewer.open('?model=teacup')
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await page.locator('#file-input').setInputFiles({
      name: 'hostile.json',
      mimeType: 'application/json',
      buffer: Buffer.from(modelToJSON(hostileModel)),
    })
    await expect.poll(() => page.url()).toContain('model=file')
    await openDocument(page)
    expect((await page.locator(`${rows} button.select`).allTextContents()).sort()).toEqual([...HOSTILE_NAMES].sort())
    await page.waitForSelector('#model-document[data-warnings="ready"]')
    expect(await page.evaluate('window.__pwned')).toBeUndefined()
    expect(await page.locator('#model-document img, #model-document script, #model-document iframe').count()).toBe(0)

    const html = (await download(page, 'HTML')).text
    // Loaded as is, and again without its Content-Security-Policy: the escaping alone must hold.
    for (const text of [html, html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')]) {
      const exported = await viewer.browser.newPage()
      exported.on('dialog', (d) => {
        dialogs.push(d.message())
        void d.dismiss()
      })
      await exported.setContent(text)
      // Over the rows: a handler that slipped through would fire on hover.
      for (const y of [100, 200, 300]) await exported.mouse.move(300, y)
      expect(await exported.evaluate('window.__pwned')).toBeUndefined()
      expect(await exported.locator('script, img, iframe, [onload], [onerror], [onmouseover]').count()).toBe(0)
      expect(await exported.locator('h1').textContent()).toBe(hostileModel.name)
      expect(await exported.locator('tbody th').first().textContent()).toContain(HOSTILE_NAMES[0])
      expect(await exported.locator('a[href^="javascript"]').count()).toBe(0)
      await exported.close()
    }
    expect(dialogs).toEqual([])
    expect(await page.evaluate('window.__pwned')).toBeUndefined()
    await page.close()
  })
})

// The viewer end to end, in Debian's headless Chromium against the production build (built once by
// global-setup.ts): diagrams, sliders, scenarios, files, exports and the state kept across reloads.
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { canonicalId, modelToJSON } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import involution from '../../seeds/involution/model.ts'
import teacupSeed from '../../seeds/teacup/model.ts'
import { corpusPath } from '../support/corpus.ts'
import { SCREENSHOTS, openViewer, serveViewer } from './browser.ts'
import { useViewer } from './viewer-session.ts'

const TEACUP_XMILE = corpusPath('test-models', 'samples/teacup/teacup.xmile')

const viewer = useViewer()

beforeAll(() => {
  mkdirSync(SCREENSHOTS, { recursive: true })
})

/** A fresh page on the viewer (path and query relative to the server). */
const open = viewer.open

const trajectories = (page: Page) => page.locator('#panel-trajectories .diagram').innerHTML()
const cldSvg = '#panel-cld .diagram svg'

describe('the viewer', () => {
  it('shows every stock and the named loops of the involution model in its causal-loop diagram', async () => {
    const page = await open()
    await expect.poll(() => page.locator(`${cldSvg} [data-node]`).count()).toBeGreaterThan(0)
    for (const stock of involution.elements.filter((e) => e.kind === 'stock')) {
      expect(await page.locator(`${cldSvg} [data-node="${stock.id}"]`).count(), stock.name).toBe(1)
    }
    for (const loop of involution.loops ?? []) {
      expect(await page.locator(`${cldSvg} [data-loop="${loop.id}"]`).count(), loop.id).toBeGreaterThan(0)
    }
    // The loop list comes from the analysis (in a worker): every named loop is listed and found.
    await page.waitForSelector('html[data-analysis="ready"]', { timeout: 60_000 })
    const named = page.locator('#panel-cld .loop-group button')
    expect(await named.count()).toBe(involution.loops!.length)
    expect(await page.locator('#panel-cld .loop-group').innerText()).not.toContain('not found')
    // Clicking a loop highlights its links and keeps it in the URL.
    await named.first().click()
    await expect.poll(() => page.locator(`${cldSvg} .loop-highlight path`).count()).toBeGreaterThan(0)
    await expect.poll(() => page.url()).toContain('loop=')
    await page.screenshot({ path: join(SCREENSHOTS, 'involution.png'), fullPage: true })
    await page.close()
  })

  it('re-simulates and redraws the trajectories when a slider moves, and keeps the value across a reload', async () => {
    const page = await open('?model=involution')
    await page.waitForSelector('#panel-trajectories .diagram svg')
    const before = await trajectories(page)
    const redraws = Number(await page.locator('html').getAttribute('data-redraws'))
    const slider = page.getByLabel('Added Tariff', { exact: true })
    await slider.focus()
    await slider.press('End') // the keyboard moves it to its maximum
    expect(await slider.inputValue()).toBe('1')
    expect(Number(await page.locator('html').getAttribute('data-redraws'))).toBeGreaterThan(redraws)
    const after = await trajectories(page)
    expect(after).not.toBe(before)
    expect(await page.getByLabel('Added Tariff value').inputValue()).toBe('1')
    await expect.poll(() => page.url()).toContain('p.added_tariff=1')

    await page.reload()
    await page.waitForSelector('html[data-ready="true"]')
    expect(await page.getByLabel('Added Tariff', { exact: true }).inputValue()).toBe('1')
    expect(await trajectories(page)).toBe(after)
    await page.close()
  })

  it('switches scenarios, redraws, overlays compared scenarios and keeps the scenario across a reload', async () => {
    const page = await open('?model=involution')
    await page.waitForSelector('#panel-trajectories .diagram svg')
    const before = await trajectories(page)
    await page.locator('#scenario-select').selectOption('S1')
    const after = await trajectories(page)
    expect(after).not.toBe(before)
    // The scenario sets its own parameter values: the slider shows them.
    const s1 = involution.scenarios!.find((s) => s.id === 'S1')!
    const [name, value] = Object.entries(s1.set)[0]!
    const param = involution.elements.find((e) => e.id === name.toLowerCase().replace(/[\s_]+/g, '_'))!
    expect(Number(await page.getByLabel(param.name, { exact: true }).inputValue())).toBeCloseTo(value)
    await expect.poll(() => page.url()).toContain('scenario=S1')

    await page.getByRole('checkbox', { name: /^S0/ }).check()
    expect(await trajectories(page)).not.toBe(after)
    await expect.poll(() => page.url()).toContain('cmp=S0')

    await page.reload()
    await page.waitForSelector('html[data-ready="true"]')
    expect(await page.locator('#scenario-select').inputValue()).toBe('S1')
    expect(await page.getByRole('checkbox', { name: /^S0/ }).isChecked()).toBe(true)
    await page.close()
  })

  it.skipIf(!TEACUP_XMILE)('opens an XMILE file of the corpus and restores it after a reload', async () => {
    const page = await open('?model=involution')
    await page.locator('#file-input').setInputFiles(TEACUP_XMILE!)
    await expect.poll(() => page.locator('#model-select').inputValue()).toBe('file')
    await page.waitForSelector(`${cldSvg} [data-node="teacup_temperature"]`)
    await page.waitForSelector('#panel-trajectories .diagram svg')
    expect(await page.locator('#panel-trajectories .diagram').innerText()).toContain('Teacup Temperature')
    await expect.poll(() => page.url()).toContain('model=file')

    await page.reload()
    await page.waitForSelector('html[data-ready="true"]')
    expect(await page.locator('#model-select').inputValue()).toBe('file')
    expect(await page.locator(`${cldSvg} [data-node="teacup_temperature"]`).count()).toBe(1)
    await page.close()
  })

  it('shows a readable message for a broken or unsupported file and keeps the previous model', async () => {
    const page = await open('?model=sir')
    await page.waitForSelector(`${cldSvg} [data-node="infectious"]`)
    const files = [
      { name: 'broken.xmile', text: '<xmile><model><variables><stock name="a"><eqn>1 +</eqn>', expect: 'broken.xmile' },
      { name: 'broken.json', text: '{"name": "x", "elements": [', expect: 'broken.json' },
      { name: 'conveyor.xmile', text: conveyorXmile, expect: 'unsupported' },
      { name: 'model.mdl', text: '{UTF-8}\nx = 1 +\n~~|', expect: 'model.mdl:' },
    ]
    for (const file of files) {
      await page.locator('#file-input').setInputFiles({
        name: file.name,
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(file.text),
      })
      const message = page.getByRole('alert')
      await expect.poll(() => message.isVisible()).toBe(true)
      expect(await message.innerText()).toContain(file.expect)
      expect(await page.locator('#model-select').inputValue()).toBe('sir')
      expect(await page.locator(`${cldSvg} [data-node="infectious"]`).count()).toBe(1)
      await page.getByRole('button', { name: 'Dismiss the message' }).click()
    }
    expect(page.url()).toContain('model=sir')
    await page.close()
  })

  it('exports diagrams as SVG and PNG and the run as CSV', async () => {
    const page = await open('?model=teacup')
    await page.waitForSelector(`${cldSvg} [data-node="teacup_temperature"]`)
    const svg = await download(page, 'Export the causal-loop diagram as SVG')
    expect(svg.name).toBe('teacup-cld.svg')
    expect(svg.text.startsWith('<svg')).toBe(true)
    expect(svg.text).toContain('data-node="teacup_temperature"')
    const png = await download(page, 'Export the causal-loop diagram as PNG')
    expect(png.name).toBe('teacup-cld.png')
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    const csv = await download(page, 'Export the plotted runs as CSV')
    expect(csv.name).toBe('teacup.csv')
    expect(csv.text).toBe(simulate(teacupSeed).toCSV())
    await page.close()
  })

  it('reads out values under the pointer', async () => {
    const page = await open('?model=teacup&cmp=')
    await page.waitForSelector('#panel-trajectories .diagram svg')
    const tooltip = page.getByRole('tooltip')
    await page
      .locator('#panel-trajectories g.panel[data-variable="Teacup Temperature"] path.series')
      .first()
      .hover({ force: true }) // the middle of the plot
    await expect.poll(() => tooltip.isVisible()).toBe(true)
    expect(await tooltip.innerText()).toMatch(/^Teacup Temperature at [\d.]+ minute\nmodel values: [\d.]+ degF$/)
    await page.locator(`${cldSvg} [data-node="teacup_temperature"]`).hover()
    await expect.poll(() => tooltip.innerText()).toMatch(/^Teacup Temperature \(stock\)\n[\d.]+ degF at 30; from/)
    await page.mouse.move(0, 0)
    await expect.poll(() => tooltip.isVisible()).toBe(false)
    await page.close()
  })

  it('labels every control and works from the keyboard', async () => {
    const page = await open('?model=sir')
    await page.waitForSelector('html[data-analysis="ready"]')
    const unlabelled = await page.evaluate(`[...document.querySelectorAll('input, select, button')]
      .filter((el) => !(el.getAttribute('aria-label') || [...(el.labels ?? [])].map((l) => l.textContent).join('') || el.textContent).trim())
      .map((el) => el.outerHTML.slice(0, 120))`)
    expect(unlabelled).toEqual([])
    // A loop is chosen with Enter, and the diagram pans and zooms with keys.
    const loop = page.locator('#panel-cld button.loop').first()
    await loop.focus()
    await page.keyboard.press('Enter')
    expect(await loop.getAttribute('aria-pressed')).toBe('true')
    expect(await page.locator(`${cldSvg} .loop-highlight path`).count()).toBeGreaterThan(0)
    const layer = page.locator(`${cldSvg} > g.zoom-layer`)
    const before = await layer.getAttribute('transform')
    await page.locator('#panel-cld .diagram').focus()
    await page.keyboard.press('+')
    await page.keyboard.press('ArrowLeft')
    expect(await layer.getAttribute('transform')).not.toBe(before)
    await page.keyboard.press('0')
    expect(await layer.getAttribute('transform')).toBe(before)
    // Variables are plotted or not with the space bar.
    const recovered = page.getByRole('checkbox', { name: /^Recovered/ })
    const chart = await trajectories(page)
    await recovered.focus()
    await page.keyboard.press('Space')
    expect(await recovered.isChecked()).toBe(false)
    expect(await trajectories(page)).not.toBe(chart)
    await page.close()
  })

  it('opens a model dropped on the page', async () => {
    const page = await open('?model=involution')
    const json = modelToJSON(teacupSeed)
    const transfer = await page.evaluateHandle(
      `(() => { const t = new DataTransfer(); t.items.add(new File([${JSON.stringify(json)}], 'dropped.json', { type: 'application/json' })); return t })()`,
    )
    await page.dispatchEvent('body', 'drop', { dataTransfer: transfer })
    await expect.poll(() => page.locator('#model-select').inputValue()).toBe('file')
    await page.waitForSelector(`${cldSvg} [data-node="teacup_temperature"]`)
    await page.close()
  })

  it('treats model text as data: markup in names is shown, never run', async () => {
    const page = await open('?model=teacup')
    const evil = '<img src=x onerror="window.__pwned=1">'
    // An auxiliary named with markup, plotted, in every diagram and in the lists.
    const model = JSON.parse(modelToJSON(teacupSeed)) as { elements: Record<string, unknown>[] }
    model.elements.push({ kind: 'aux', name: evil, id: canonicalId(evil), equation: 'Teacup_Temperature * 2' })
    await page.locator('#file-input').setInputFiles({
      name: 'evil.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(model)),
    })
    await expect.poll(() => page.locator('#model-select').inputValue()).toBe('file')
    await page.locator('#variables label', { hasText: evil }).locator('input').check()
    await page.waitForSelector(`${cldSvg} [data-node]`)
    await page.waitForTimeout(200)
    expect(await page.evaluate('window.__pwned')).toBeUndefined()
    expect(await page.locator('#variables').innerText()).toContain(evil)
    await page.close()
  })
})

describe('stockflow view', () => {
  it('opens the model it serves', async () => {
    const served = await serveViewer({ model: teacupSeed })
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?model=served$/)
      const page = await viewer.browser.newPage()
      await openViewer(page, served.url)
      expect(await page.locator('#model-select').inputValue()).toBe('served')
      await page.waitForSelector(`${cldSvg} [data-node="teacup_temperature"]`)
      await page.close()
    } finally {
      await served.close()
    }
  })
})

/** Clicks an export button and reads the file it downloads. */
async function download(page: Page, button: string): Promise<{ name: string; text: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()])
  const bytes = readFileSync((await file.path())!)
  return { name: file.suggestedFilename(), text: bytes.toString('utf8'), bytes }
}

// A conveyor: a stock kind stockflow does not model, so the viewer says "unsupported".
const conveyorXmile = `<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header><vendor>test</vendor><product>test</product></header>
  <sim_specs><start>0</start><stop>10</stop><dt>1</dt></sim_specs>
  <model><variables>
    <stock name="Belt"><eqn>1</eqn><conveyor><len>1</len></conveyor></stock>
  </variables></model>
</xmile>`

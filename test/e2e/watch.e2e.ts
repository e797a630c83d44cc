// `stockflow view --watch` (issue 20): editing a model file while the viewer shows it redraws the page,
// keeps a parameter edit, and shows a compile error (or a type error) over the last good model until the
// next good save; a model that does not load at first is waited for. Every wait polls; nothing is timed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { viewCommand } from '../../packages/cli/src/commands/view.ts'
import { launchChromium, ROOT, VIEWER_DIR } from './browser.ts'
import type { Browser } from './browser.ts'

// A model of the user's, written as they would (inside the checkout, so `@stockflow/model` resolves).
// (`aux` is imported only when used: an unused import is a type error under the checkout's tsconfig.)
const model = (
  initial: number,
  extra = '',
) => `import { ${extra ? 'aux, ' : ''}eq, flow, model, param, stock } from '@stockflow/model'

const temperature = stock('Teacup Temperature', { initial: ${initial}, units: 'degF', min: 0, max: 212 })
const room = param('Room Temperature', 70, { units: 'degF', min: 0, max: 100 })
const tau = param('Characteristic Time', 10, { units: 'minute', min: 1, max: 60 })
const loss = flow('Heat Loss to Room', {
  from: temperature,
  rate: eq\`(\${temperature} - \${room}) / \${tau}\`,
  units: 'degF/minute',
})
${extra}
export default model('teacup', {
  time: { start: 0, stop: 30, dt: 0.125, units: 'minute' },
  elements: [temperature, loss, room, tau${extra ? ', gap' : ''}],
})
`
const GAP = "const gap = aux('Temperature Gap', { equation: eq`${temperature} - ${room}`, units: 'degF' })\n"
const WAIT = { timeout: 60_000 }

let dir = ''
let file = ''
let browser: Browser | undefined
const stop = new AbortController()
const served: Promise<number>[] = []
let url = ''

/** Runs `stockflow view --watch FILE` until the tests end; resolves with the URL it prints. */
async function watchModel(path: string): Promise<string> {
  const stderr: string[] = []
  let printed: (line: string) => void = () => {}
  const started = new Promise<string>((done) => (printed = done)) // the first line is the URL's
  const io = { stdout: (text: string) => printed(text), stderr: (text: string) => void stderr.push(text) }
  const code = viewCommand(path, { watch: true, open: false, port: '0' }, io, {
    mode: 'dist',
    viewerDir: VIEWER_DIR,
    signal: stop.signal,
  })
  served.push(code)
  const line = await Promise.race([started, code.then((c) => `exited ${c}: ${stderr.join('')}`)])
  const found = /http:\/\/127\.0\.0\.1:\d+\/[^\s,]*/.exec(line)?.[0]
  if (!found) throw new Error(`stockflow view --watch did not start: ${line}`)
  return found
}

beforeAll(async () => {
  mkdirSync(join(ROOT, 'test/e2e/.output'), { recursive: true })
  dir = mkdtempSync(join(ROOT, 'test/e2e/.output', 'watch-'))
  file = join(dir, 'model.ts')
  writeFileSync(file, model(180))
  url = await watchModel(file)
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  stop.abort()
  await Promise.all(served)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const slider = (page: Page) => page.locator('#params .param[data-id="room_temperature"] input.slider')
const stockFlow = (page: Page) => page.locator('#panel-stock-flow .diagram').innerHTML()
const trajectories = (page: Page) => page.locator('#panel-trajectories .diagram').innerHTML()

describe('stockflow view --watch', () => {
  it('redraws on save keeping the slider edit, shows errors over the last good model, and clears them', async () => {
    const page = await browser!.newPage()
    await page.goto(url)
    await page.waitForSelector('html[data-ready="true"][data-live-version="1"]', WAIT)
    expect(await page.locator('#model-select').inputValue()).toBe('served')

    // Move a slider: the edit is the user's, to be kept across the reload.
    await page.evaluate(`(() => {
      const input = document.querySelector('#params .param[data-id="room_temperature"] input.slider')
      input.value = '85'
      input.dispatchEvent(new Event('input', { bubbles: true }))
    })()`)
    await page.waitForSelector('#params .param.edited[data-id="room_temperature"]')

    // Save a new version: another initial value and a new auxiliary.
    writeFileSync(file, model(150, GAP))
    await page.waitForSelector('html[data-live-version="2"]', WAIT)
    await page.waitForFunction(
      `document.querySelector('#panel-stock-flow .diagram')?.textContent?.includes('Temperature Gap')`,
      undefined,
      WAIT,
    )
    expect(await slider(page).inputValue()).toBe('85')
    expect(await page.locator('#params .param.edited').count()).toBe(1)
    expect(page.url()).toContain('p.room_temperature=85')
    expect(await page.locator('#live-errors').isHidden()).toBe(true)

    // A syntax error: the banner says where, and the last good diagram and chart stay drawn.
    const goodDiagram = await stockFlow(page)
    const goodChart = await trajectories(page)
    writeFileSync(file, model(150, GAP).replace("units: 'degF' })\n", "units: 'degF' )\n"))
    await page.waitForSelector('#live-errors:not([hidden])', WAIT)
    const banner = await page.locator('#live-errors li').allTextContents()
    expect(banner.length).toBeGreaterThan(0)
    expect(banner[0]).toMatch(/model\.ts:\d+:\d+: /)
    expect(await page.getAttribute('html', 'data-live-version')).toBe('2')
    expect(await stockFlow(page)).toBe(goodDiagram)
    expect(await trajectories(page)).toBe(goodChart)
    expect(goodChart).toContain('<path')
    expect(await slider(page).inputValue()).toBe('85')

    // Fixed: the banner goes and the new version is drawn.
    writeFileSync(file, model(140, GAP))
    await page.waitForSelector('html[data-live-version="3"][data-live-errors="0"]', WAIT)
    expect(await page.locator('#live-errors').isHidden()).toBe(true)
    expect(await slider(page).inputValue()).toBe('85')

    // A type error in a model that still runs (a misspelt option): shown the same way, nothing redrawn.
    const before = await stockFlow(page)
    writeFileSync(file, model(120, GAP).replace("{ units: 'minute', min: 1", "{ units: 'minute', mni: 1"))
    await page.waitForSelector('#live-errors:not([hidden])', WAIT)
    const typeErrors = await page.locator('#live-errors li').allTextContents()
    expect(typeErrors.some((line) => /model\.ts:\d+:\d+: error TS\d+: .*'mni'/.test(line))).toBe(true)
    expect(await page.getAttribute('html', 'data-live-version')).toBe('3')
    expect(await stockFlow(page)).toBe(before)

    writeFileSync(file, model(120, GAP))
    await page.waitForSelector('html[data-live-version="4"][data-live-errors="0"]', WAIT)
    await page.close()
  }, 240_000)

  it('waits for a model that does not load at first, with its errors over an empty page, then draws it', async () => {
    const broken = join(dir, 'later')
    mkdirSync(broken)
    const later = join(broken, 'model.ts')
    writeFileSync(later, model(180).replace('min: 0, max: 212 })', 'min: 0, max: 212 )'))
    const page = await browser!.newPage()
    await page.goto(await watchModel(later))
    await page.waitForSelector('html[data-live-waiting="true"] #live-errors:not([hidden])', WAIT)
    expect((await page.locator('#live-errors li').allTextContents())[0]).toMatch(/model\.ts:\d+:\d+: /)
    expect(await page.locator('#live-errors .waiting').isVisible()).toBe(true)
    // No bundled seed is opened meanwhile.
    expect(await page.getAttribute('html', 'data-ready')).toBeNull()
    expect(await page.evaluate(`document.querySelector('#panel-stock-flow')?.textContent ?? ''`)).not.toContain(
      'Temperature',
    )

    writeFileSync(later, model(180))
    await page.waitForSelector('html[data-ready="true"][data-live-version="1"][data-live-errors="0"]', WAIT)
    expect(await page.locator('#model-select').inputValue()).toBe('served')
    expect(await page.getAttribute('html', 'data-live-waiting')).toBeNull()
    expect(await page.locator('#live-errors').isHidden()).toBe(true)
    expect(await stockFlow(page)).toContain('Teacup Temperature')
    await page.close()
  }, 240_000)
})

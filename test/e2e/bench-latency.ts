// `pnpm bench:viewer`: the viewer's latencies in headless Chromium. A benchmark, not a test: it prints
// what it measures and fails on nothing (the end-to-end tests check the same properties with no clock).
//
// - slider: moves of the "Added Tariff" slider on the involution model, the way the browser does them
//   (value, then an input event), each re-simulating and redrawing the trajectories synchronously, then
//   forcing style and layout of the new chart; "to the next frame" also waits for the frame that shows
//   it. Target: a median under 16 ms (one frame at 60 Hz).
// - large: the 2,000-variable model (large-model.ts) opened from a file: when its run and each diagram
//   appear, a slider move while the diagrams are laid out, and the longest gap between the frames the
//   page draws (a frozen page shows one gap as long as the freeze), on opening and on a reload.
//   Target: no gap over a second.
// - montecarlo: a 1000-run Monte Carlo of the involution model in Web Workers: its duration and the
//   longest frame gap meanwhile.
// - layout: the automatic stock-and-flow layout (in Node, no browser) of generated models of 50 to 500
//   variables and of the involution model: time, aspect, crossings and overlaps per size
//   (bench/viewer-layout.ts).
//
// `--only=layout,slider,large,montecarlo` picks some; `--samples`, `--model` and `--param` set the slider's.
import type { Page } from 'playwright-core'
import { buildViewer, launchChromium, openViewer, readFrames, recordFrames, serveViewer } from './browser.ts'
import type { Browser, Frames } from './browser.ts'
import { LARGE_MODEL_FILE, settled } from './large-model.ts'
import { layoutBench, layoutModels, layoutTable } from '../../bench/viewer-layout.ts'

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(`--${name}=`.length)
const WARMUP = 30
const SAMPLES = Number(arg('samples') ?? 300)
const MODEL = arg('model') ?? 'involution'
const PARAM = arg('param') ?? 'added_tariff'
const ONLY = new Set((arg('only') ?? 'layout,slider,large,montecarlo').split(','))

/** In the page: move the slider n times, timing each redraw (a string: this file has no DOM types). */
const measure = `async ({ n, param }) => {
  const input = document.querySelector('#params .param[data-id="' + param + '"] input.slider')
  if (!input) throw new Error('no slider for ' + param)
  const chart = document.querySelector('#panel-trajectories .diagram')
  const min = Number(input.min), max = Number(input.max)
  const sync = [], frame = []
  for (let i = 0; i < n; i++) {
    const value = min + ((i % 20) + 1) / 21 * (max - min)
    const t0 = performance.now()
    input.value = String(value)
    input.dispatchEvent(new Event('input', { bubbles: true }))
    chart.getBoundingClientRect()
    const t1 = performance.now()
    await new Promise((done) => requestAnimationFrame(() => done()))
    frame.push(performance.now() - t0)
    sync.push(t1 - t0)
  }
  return { sync, frame, redraws: Number(document.documentElement.dataset.redraws) }
}`

/** In the page: notes when each selector first matches (ms, performance.now()). */
const watch = (selectors: Record<string, string>) => `(() => {
  const seen = (window.__seen = {})
  const selectors = ${JSON.stringify(selectors)}
  const check = () => {
    for (const [k, s] of Object.entries(selectors)) if (!(k in seen) && document.querySelector(s)) seen[k] = performance.now()
  }
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true })
})()`

const median = (xs: number[]) => quantile(xs, 0.5)
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  const i = (s.length - 1) * q
  return s[Math.floor(i)]! + (s[Math.ceil(i)]! - s[Math.floor(i)]!) * (i - Math.floor(i))
}
const ms = (x: number) => `${x.toFixed(2)} ms`
const gaps = (f: Frames) =>
  `${f.gaps.length} frames, longest gap ${f.longest.toFixed(0)} ms (target < 1000 ms), long tasks ${f.longTasks.map((t) => t.toFixed(0)).join(' ') || 'none'} ms`

async function slider(page: Page): Promise<void> {
  await openViewer(page, new URL(`?model=${MODEL}`, server.url).href)
  await page.waitForSelector('html[data-analysis="ready"]', { timeout: 60_000 })
  const run = (n: number) =>
    page.evaluate(`(${measure})(${JSON.stringify({ n, param: PARAM })})`) as Promise<{
      sync: number[]
      frame: number[]
      redraws: number
    }>
  await run(WARMUP)
  const { sync, frame } = await run(SAMPLES)
  console.log(`viewer slider-to-redraw latency, ${MODEL} model (${PARAM}), ${SAMPLES} moves in headless Chromium`)
  console.log(
    `  input event -> re-simulated, redrawn and laid out: median ${ms(median(sync))}, p90 ${ms(quantile(sync, 0.9))}, max ${ms(Math.max(...sync))}`,
  )
  console.log(
    `  input event -> next animation frame:              median ${ms(median(frame))}, p90 ${ms(quantile(frame, 0.9))}`,
  )
  console.log(`median ${median(sync).toFixed(2)} ms (target < 16 ms)`)
}

async function large(page: Page): Promise<void> {
  await openViewer(page, new URL('?model=teacup', server.url).href)
  await settled(page)
  await page.evaluate(recordFrames)
  await page.evaluate(
    watch({
      trajectories: '#panel-trajectories svg [data-variable="s0"]',
      cld: '#panel-cld svg [data-node="s0"]',
      stockFlow: '#panel-stock-flow svg [data-node="s0"]',
      loops: 'html[data-analysis="ready"] #panel-cld button.loop[data-loop]',
    }),
  )
  const opened = (await page.evaluate('performance.now()')) as number
  await page.locator('#file-input').setInputFiles(LARGE_MODEL_FILE)
  await page.waitForSelector('#panel-trajectories svg [data-variable="s0"]', { timeout: 60_000 })
  // A slider move while the diagrams are laid out (the k slider to its maximum).
  const move = (await page.evaluate(`(() => {
    const input = document.querySelector('#params .param[data-id="k"] input.slider')
    const t0 = performance.now()
    input.value = input.max
    input.dispatchEvent(new Event('input', { bubbles: true }))
    document.querySelector('#panel-trajectories .diagram').getBoundingClientRect()
    return { ms: performance.now() - t0, cld: document.documentElement.dataset.cld }
  })()`)) as { ms: number; cld: string }
  await settled(page)
  const seen = (await page.evaluate('window.__seen')) as Record<string, number>
  const at = (k: string) => (k in seen ? `${Math.round(seen[k]! - opened)} ms` : 'never')
  console.log('2,000-variable model opened from a file in headless Chromium')
  console.log(
    `  trajectories at ${at('trajectories')}, stock-and-flow diagram at ${at('stockFlow')}, ` +
      `causal-loop diagram at ${at('cld')}, loops at ${at('loops')}`,
  )
  console.log(`  a slider move meanwhile (the causal-loop diagram ${move.cld}): redrawn in ${ms(move.ms)}`)
  console.log(`  on opening: ${gaps(await readFrames(page, true))}`)

  await page.addInitScript(recordFrames)
  await page.reload()
  await page.waitForSelector('html[data-ready="true"]')
  await settled(page)
  console.log(`  on a reload: ${gaps(await readFrames(page))}`)
}

async function montecarlo(page: Page): Promise<void> {
  await openViewer(page, new URL('?model=involution', server.url).href)
  await page.waitForSelector('html[data-analysis="ready"]', { timeout: 60_000 })
  await page.evaluate(recordFrames)
  await page.locator('#mc-runs').fill('1000')
  await readFrames(page, true)
  await page.locator('#mc-run').click()
  await page.waitForSelector('html[data-montecarlo="done"]', { timeout: 120_000 })
  const frames = await readFrames(page)
  const took = await page.locator('html').getAttribute('data-montecarlo-ms')
  console.log(`Monte Carlo of the involution model, 1000 runs in Web Workers: ${took} ms; ${gaps(frames)}`)
}

if (ONLY.has('layout')) {
  console.log('automatic stock-and-flow layout in Node, layout and SVG (median of 3 after a warm-up)')
  console.log(layoutTable(layoutBench(layoutModels())))
}
const cases: Record<string, (page: Page) => Promise<void>> = { slider, large, montecarlo }
if (![...ONLY].some((name) => name in cases)) process.exit(0)
await buildViewer()
const server = await serveViewer()
const browser: Browser = await launchChromium()
try {
  for (const [name, run] of Object.entries(cases)) {
    if (!ONLY.has(name)) continue
    const page = await browser.newPage()
    await run(page)
    await page.close()
  }
} finally {
  await browser.close()
  await server.close()
}

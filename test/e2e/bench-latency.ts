// `pnpm bench:viewer`: slider-to-redraw latency of the viewer on the involution model in headless
// Chromium. A benchmark, not a test: it prints the median (target: under 16 ms, one frame at 60 Hz).
// Each sample moves the "Added Tariff" slider the way the browser does (value, then an input event),
// which re-simulates the model and redraws the trajectories synchronously, then forces style and
// layout of the new chart; "to the next frame" also waits for the frame that shows it.
import { buildViewer, launchChromium, openViewer, serveViewer } from './browser.ts'

const WARMUP = 30
const SAMPLES = Number(process.argv.find((a) => a.startsWith('--samples='))?.slice('--samples='.length) ?? 300)
const MODEL = process.argv.find((a) => a.startsWith('--model='))?.slice('--model='.length) ?? 'involution'
const PARAM = process.argv.find((a) => a.startsWith('--param='))?.slice('--param='.length) ?? 'added_tariff'

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

const median = (xs: number[]) => quantile(xs, 0.5)
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  const i = (s.length - 1) * q
  return s[Math.floor(i)]! + (s[Math.ceil(i)]! - s[Math.floor(i)]!) * (i - Math.floor(i))
}

await buildViewer()
const server = await serveViewer()
const browser = await launchChromium()
try {
  const page = await browser.newPage()
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
  const ms = (x: number) => `${x.toFixed(2)} ms`
  console.log(`viewer slider-to-redraw latency, ${MODEL} model (${PARAM}), ${SAMPLES} moves in headless Chromium`)
  console.log(
    `  input event -> re-simulated, redrawn and laid out: median ${ms(median(sync))}, p90 ${ms(quantile(sync, 0.9))}, max ${ms(Math.max(...sync))}`,
  )
  console.log(
    `  input event -> next animation frame:              median ${ms(median(frame))}, p90 ${ms(quantile(frame, 0.9))}`,
  )
  console.log(`median ${median(sync).toFixed(2)} ms (target < 16 ms)`)
} finally {
  await browser.close()
  await server.close()
}

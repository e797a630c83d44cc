import { select } from 'd3'
import { MAX_RUNS, MONTE_CARLO_DEFAULTS } from './montecarlo.ts'
import type { MonteCarloSettings } from './montecarlo.ts'

/** What the controls ask the app to do. */
export interface MonteCarloHandlers {
  run(settings: MonteCarloSettings): void
  clear(): void
}

/**
 * The Monte Carlo form under the trajectories: runs, spread, which parameters, seed, Run and Clear,
 * and a progress bar with a status line. It only shows state; the app runs and draws.
 */
export class MonteCarloControls {
  private readonly runs: HTMLInputElement
  private readonly spread: HTMLInputElement
  private readonly vary: HTMLSelectElement
  private readonly seed: HTMLInputElement
  private readonly clearButton: HTMLButtonElement
  private readonly progress: HTMLProgressElement
  private readonly status: HTMLElement

  constructor(parent: HTMLElement, handlers: MonteCarloHandlers) {
    const form = select(parent)
      .append('form')
      .attr('class', 'montecarlo')
      .attr('id', 'montecarlo')
      .attr('aria-labelledby', 'montecarlo-title')
    form.append('h3').attr('id', 'montecarlo-title').text('Monte Carlo')
    const field = (text: string, after?: string) => {
      const label = form.append('label')
      label.append('span').text(text)
      const input = label.append('input').attr('type', 'number')
      if (after) label.append('span').text(after)
      return input
    }
    const d = MONTE_CARLO_DEFAULTS
    this.runs = field('Runs').attr('id', 'mc-runs').attr('min', 2).attr('max', MAX_RUNS).attr('step', 1).node()!
    this.runs.value = String(d.runs)
    this.spread = field('Spread ±', '%').attr('id', 'mc-spread').attr('min', 1).attr('max', 100).attr('step', 1).node()!
    this.spread.value = String(d.spread * 100)
    const varyLabel = form.append('label')
    varyLabel.append('span').text('Vary')
    this.vary = varyLabel.append('select').attr('id', 'mc-vary').node()!
    select(this.vary)
      .selectAll('option')
      .data([
        { value: 'all', text: 'every parameter' },
        { value: 'edited', text: 'edited parameters' },
      ])
      .join('option')
      .attr('value', (o) => o.value)
      .text((o) => o.text)
    this.vary.value = d.vary
    this.seed = field('Seed').attr('id', 'mc-seed').attr('step', 1).node()!
    this.seed.value = String(d.seed)
    form.append('button').attr('type', 'submit').attr('id', 'mc-run').text('Run')
    this.clearButton = form
      .append('button')
      .attr('type', 'button')
      .attr('id', 'mc-clear')
      .attr('aria-label', 'Stop the Monte Carlo and remove its bands')
      .text('Clear')
      .property('disabled', true)
      .on('click', () => handlers.clear())
      .node()!
    this.progress = form
      .append('progress')
      .attr('id', 'mc-progress')
      .attr('aria-label', 'Monte Carlo runs done')
      .style('visibility', 'hidden') // keeps its place, so showing it moves nothing below
      .node()!
    this.status = form.append('p').attr('class', 'note').attr('id', 'mc-status').attr('aria-live', 'polite').node()!
    form.on('submit', (event: SubmitEvent) => {
      event.preventDefault()
      handlers.run(this.settings())
    })
  }

  /** The settings as entered (a blank or bad field gives NaN, which the plan refuses with a message). */
  settings(): MonteCarloSettings {
    const number = (input: HTMLInputElement) => (input.value.trim() === '' ? NaN : Number(input.value))
    return {
      runs: number(this.runs),
      spread: number(this.spread) / 100,
      seed: number(this.seed),
      vary: this.vary.value === 'edited' ? 'edited' : 'all',
    }
  }

  /** A run in progress: `done` of `total` runs finished. */
  running(done: number, total: number, text: string): void {
    this.progress.style.visibility = 'visible'
    this.progress.max = total
    this.progress.value = done
    this.clearButton.disabled = false
    this.status.textContent = text
  }

  /** No run in progress; `bands` when bands are drawn (Clear removes them). */
  idle(text: string, bands = false): void {
    this.progress.style.visibility = 'hidden'
    this.clearButton.disabled = !bands
    this.status.textContent = text
  }
}

import { SingleBar } from 'cli-progress'
import type { Progress } from '@stockflow/experiments'

/**
 * A progress bar on stderr for long experiments when a person is watching (stderr is a terminal);
 * nothing otherwise, so pipes, CI logs and tests stay clean.
 */
export function progressBar(label: string): { update: Progress; stop(): void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} }
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} runs, {eta_formatted} left`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  })
  let started = false
  return {
    update(done, total) {
      if (!started) bar.start(total, 0)
      started = true
      bar.update(done)
    },
    stop: () => bar.stop(),
  }
}

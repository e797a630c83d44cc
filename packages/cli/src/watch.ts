import { watch } from 'node:fs'
import type { FSWatcher } from 'node:fs'
import { join } from 'node:path'
import type { WatchTargets } from './watch-files.js'

/** Quiet time after the last write before a change is reported: editors write a file in two or three steps. */
export const WATCH_DEBOUNCE_MS = 150

/** What `FolderWatcher` needs. */
export interface FolderWatcherOptions {
  /** Called once per burst of writes, with the files written (absolute, sorted). */
  readonly onChange: (files: readonly string[]) => void
  readonly debounceMs?: number
  /** Told when a folder cannot be watched (it went away); the others stay watched. */
  readonly warn?: (line: string) => void
}

/**
 * Watches folders (not their subfolders) with `fs.watch` and reports the files that count, once per
 * burst. Folders rather than files, so an editor that saves by writing a new file and renaming it over
 * the old one (vim, most IDEs) is still seen: a watch on the old file would follow the replaced inode.
 */
export class FolderWatcher {
  private watchers = new Map<string, FSWatcher>()
  private targets: WatchTargets
  private pending = new Set<string>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private closed = false
  private events = 0

  constructor(
    targets: WatchTargets,
    private readonly options: FolderWatcherOptions,
  ) {
    this.targets = targets
    this.retarget(targets)
  }

  /** Watches other folders and files (a reload found other imports); folders already watched stay so. */
  retarget(targets: WatchTargets): void {
    if (this.closed) return
    this.targets = targets
    const wanted = new Set(targets.folders)
    for (const [folder, watcher] of this.watchers) {
      if (wanted.has(folder)) continue
      watcher.close()
      this.watchers.delete(folder)
    }
    for (const folder of wanted) {
      if (this.watchers.has(folder)) continue
      try {
        const watcher = watch(folder, { persistent: false }, (_event, name) => {
          if (name) this.saw(join(folder, name.toString()))
        })
        watcher.on('error', () => {
          watcher.close()
          this.watchers.delete(folder)
          this.options.warn?.(`${folder}: no longer watched (the folder went away)`)
        })
        this.watchers.set(folder, watcher)
      } catch {
        this.options.warn?.(`${folder}: cannot be watched; changes there are not seen`)
      }
    }
  }

  /** The folders watched now. */
  get folders(): readonly string[] {
    return [...this.watchers.keys()]
  }

  /** How many file events arrived, counted or not (tests wait for one to be seen). */
  get seen(): number {
    return this.events
  }

  /** Whether no write waits for its burst to end. */
  get idle(): boolean {
    return this.pending.size === 0
  }

  close(): void {
    this.closed = true
    clearTimeout(this.timer)
    for (const watcher of this.watchers.values()) watcher.close()
    this.watchers.clear()
  }

  private saw(file: string): void {
    this.events++
    if (this.closed || !this.targets.counts(file)) return
    this.pending.add(file)
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      const files = [...this.pending].sort()
      this.pending.clear()
      if (!this.closed) this.options.onChange(files)
    }, this.options.debounceMs ?? WATCH_DEBOUNCE_MS)
  }
}

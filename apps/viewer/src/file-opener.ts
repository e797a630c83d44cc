import type { MdlOutcome } from './open-mdl.ts'
import { describeError } from './open-model.ts'
import type { OpenedModel } from './open-model.ts'

/** A file the user chose or dropped (a DOM `File` is one). */
export interface GivenFile {
  readonly name: string
  arrayBuffer(): Promise<ArrayBuffer>
}

/** A `.mdl` model waiting for data files it reads that were not given with it. */
export interface DataRequest {
  readonly fileName: string
  /** The missing files' paths, relative to the model's folder. */
  readonly missing: readonly string[]
  /** One sentence for people, naming the model and the files. */
  readonly text: string
}

/** Where the opener's results go (the controller and the page). */
export interface FileOpenerPorts {
  /** A `.json` or XMILE file's text, to read, compile and open; false when it could not be. */
  openText(fileName: string, text: string): boolean
  /** A model read from a `.mdl` file, to compile and open; false when it could not be. */
  openModel(opened: OpenedModel): boolean
  error(message: string): void
  /** The data request to show, or undefined to hide it. */
  request(request: DataRequest | undefined): void
}

/** `readMdlFile`, loaded when first needed. */
export type MdlReader = (fileName: string, bytes: Uint8Array, data: ReadonlyMap<string, Uint8Array>) => MdlOutcome

const MODEL_EXTENSIONS = ['.mdl', '.json', '.xmile', '.stmx', '.itmx', '.xml']

/** The Vensim reader is a chunk of its own: a page that never opens a `.mdl` file never loads it. */
const loadMdlReader = async (): Promise<MdlReader> => (await import('./open-mdl.ts')).readMdlFile

interface Pending {
  readonly fileName: string
  readonly bytes: Uint8Array
  readonly data: Map<string, Uint8Array>
  readonly missing: readonly string[]
}

/**
 * Opens the files the user chose or dropped: the first model among them (`.mdl`, `.json`, XMILE), the
 * others being the data files a `.mdl` model reads. When a `.mdl` model reads a data file that was not
 * given, it waits for it (a `DataRequest`) and opens once `addData` brings it. No DOM: the page wires it.
 */
export class FileOpener {
  private pending: Pending | undefined
  /** Bumped by every open, so a slower earlier one (reading a large file) does not win. */
  private seq = 0

  constructor(
    private readonly ports: FileOpenerPorts,
    private readonly mdlReader: () => Promise<MdlReader> = loadMdlReader,
  ) {}

  /** The data request waiting, if any. */
  get request(): DataRequest | undefined {
    return this.pending && requestOf(this.pending)
  }

  /**
   * Opens a chosen or dropped set of files. Without a model among them while a model waits for data,
   * they are its data files.
   */
  async open(files: readonly GivenFile[]): Promise<void> {
    if (files.length === 0) return
    const model =
      files.find((f) => MODEL_EXTENSIONS.includes(extension(f.name))) ?? (this.pending ? undefined : files[0])
    if (!model) return this.addData(files)
    const seq = ++this.seq
    const read = await readAll(files)
    if (seq !== this.seq) return
    if ('error' in read) return this.ports.error(read.error)
    // Another model: whatever waited for data files is dropped, this one shows its own request.
    this.drop()
    const bytes = read.bytes.get(model)!
    if (extension(model.name) !== '.mdl') {
      const text = new TextDecoder().decode(bytes)
      this.ports.openText(model.name, text)
      return
    }
    const data = new Map<string, Uint8Array>()
    for (const f of files)
      if (f !== model && !MODEL_EXTENSIONS.includes(extension(f.name))) data.set(f.name, read.bytes.get(f)!)
    await this.openMdl({ fileName: model.name, bytes, data, missing: [] }, seq)
  }

  /** Data files for the model waiting for them; it opens when nothing it reads is missing any more. */
  async addData(files: readonly GivenFile[]): Promise<void> {
    const pending = this.pending
    if (!pending || files.length === 0) return
    const seq = ++this.seq
    const read = await readAll(files)
    if (seq !== this.seq) return
    if ('error' in read) return this.ports.error(read.error)
    const data = new Map(pending.data)
    // One file given for the one missing file is that file, whatever its name (a download renamed it).
    const only = pending.missing.length === 1 && files.length === 1 ? pending.missing[0]! : undefined
    for (const f of files) data.set(only ?? f.name, read.bytes.get(f)!)
    await this.openMdl({ ...pending, data }, seq)
  }

  /** Forgets the model waiting for data (the open model stays). */
  cancel(): void {
    this.seq++
    this.drop()
  }

  private async openMdl(attempt: Pending, seq: number): Promise<void> {
    let outcome: MdlOutcome
    try {
      const read = await this.mdlReader()
      if (seq !== this.seq) return
      outcome = read(attempt.fileName, attempt.bytes, attempt.data)
    } catch (err) {
      if (seq !== this.seq) return
      return this.ports.error(describeError(err, attempt.fileName))
    }
    if (outcome.kind === 'needs-data') {
      this.pending = { ...attempt, missing: outcome.missing }
      return this.ports.request(requestOf(this.pending))
    }
    this.drop()
    this.ports.openModel(outcome.opened)
  }

  private drop(): void {
    if (!this.pending) return
    this.pending = undefined
    this.ports.request(undefined)
  }
}

/** The sentence asking for the missing files. */
function requestOf(pending: Pending): DataRequest {
  const quoted = pending.missing.map((m) => `"${m}"`)
  const list = quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)!}`
  const one = quoted.length === 1
  const text =
    `${pending.fileName} reads the data file${one ? '' : 's'} ${list}, which ${one ? 'was' : 'were'} not given ` +
    `with it: add ${one ? 'it' : 'them'} to open the model.`
  return { fileName: pending.fileName, missing: pending.missing, text }
}

async function readAll(
  files: readonly GivenFile[],
): Promise<{ bytes: Map<GivenFile, Uint8Array> } | { error: string }> {
  const bytes = new Map<GivenFile, Uint8Array>()
  for (const f of files) {
    try {
      bytes.set(f, new Uint8Array(await f.arrayBuffer()))
    } catch (err) {
      return { error: describeError(err, f.name) }
    }
  }
  return { bytes }
}

/** `.mdl` of `World3.MDL`; '' without one. */
function extension(name: string): string {
  return /\.[^./\\]+$/.exec(name.toLowerCase())?.[0] ?? ''
}

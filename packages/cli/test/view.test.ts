import { execFileSync } from 'node:child_process'
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { layoutFile } from '@stockflow/diagram'
import { modelFromJSON, modelToJSON } from '@stockflow/model'
import teacup from '../../../seeds/teacup/model.js'
import { sidecarPath } from '../src/layout-sidecar.js'
import { startViewer, viewCommand } from '../src/commands/view.js'
import type { ViewFlags } from '../src/commands/view.js'

const root = join(__dirname, '../../..')
const seed = (name: string) => join(root, 'seeds', name)

/** A stand-in for apps/viewer with a built `dist/` (the tests need no vite build). */
const viewerDir = mkdtempSync(join(tmpdir(), 'stockflow-viewer-'))
mkdirSync(join(viewerDir, 'dist/assets'), { recursive: true })
writeFileSync(join(viewerDir, 'package.json'), '{}')
writeFileSync(join(viewerDir, 'dist/index.html'), '<!doctype html><title>viewer</title>')
writeFileSync(join(viewerDir, 'dist/assets/app.js'), 'console.log(1)')
writeFileSync(join(viewerDir, 'secret.txt'), 'not served')

/** GET with a chosen Host header (fetch does not let a caller set it). */
function get(port: number, path: string, host = `127.0.0.1:${port}`) {
  return new Promise<{ status: number; type: string; body: string }>((done, fail) => {
    request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => done({ status: res.statusCode!, type: String(res.headers['content-type']), body }))
    })
      .on('error', fail)
      .end()
  })
}

/** Runs `stockflow view` until `stop` is called; resolves once the URL is printed (or the command ended). */
async function view(model: string, flags: ViewFlags = {}, mode: 'dist' | 'dev' = 'dist') {
  let stdout = ''
  let stderr = ''
  const abort = new AbortController()
  const code = viewCommand(
    model,
    { open: false, ...flags },
    { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
    { signal: abort.signal, viewerDir: mode === 'dist' ? viewerDir : join(root, 'apps/viewer'), mode },
  )
  let ended = false
  void code.then(() => (ended = true))
  for (let i = 0; i < 400 && !ended && !stdout.includes('http'); i++) await new Promise((r) => setTimeout(r, 25))
  const url = /http:\/\/\S+/.exec(stdout)?.[0]
  return {
    url,
    port: url ? Number(new URL(url).port) : 0,
    out: () => ({ stdout, stderr }),
    stop: async () => {
      abort.abort()
      return code
    },
  }
}

const busy: { close(): void }[] = []
afterAll(() => busy.forEach((s) => s.close()))

describe('stockflow view', () => {
  it('serves the viewer and the model, prints the URL and stops when interrupted', async () => {
    const v = await view(seed('teacup'), { port: '0' })
    expect(v.out().stdout).toMatch(
      /^seeds\/teacup\/model\.ts: the viewer is at http:\/\/127\.0\.0\.1:\d+\/\?model=served \(Ctrl\+C to stop\)\n$/,
    )
    const index = await get(v.port, '/?model=served')
    expect(index).toMatchObject({
      status: 200,
      type: 'text/html; charset=utf-8',
      body: expect.stringContaining('<title>viewer'),
    })
    const model = await get(v.port, '/model.json')
    expect(model.type).toBe('application/json; charset=utf-8')
    expect(modelFromJSON(model.body).name).toBe('teacup')
    expect((await get(v.port, '/assets/app.js')).type).toBe('text/javascript; charset=utf-8')
    expect(await v.stop()).toBe(0)
    expect(v.out().stderr).toBe('')
    await expect(get(v.port, '/')).rejects.toThrow()
  })

  it('answers only requests for 127.0.0.1 or localhost, and only with files of the build', async () => {
    const v = await view(seed('teacup'), { port: '0' })
    expect((await get(v.port, '/', `localhost:${v.port}`)).status).toBe(200)
    expect((await get(v.port, '/', `evil.example:${v.port}`)).status).toBe(403)
    expect((await get(v.port, '/model.json', 'evil.example')).status).toBe(403)
    expect((await get(v.port, '/../secret.txt')).status).toBe(404)
    expect((await get(v.port, '/%2e%2e/secret.txt')).status).toBe(404)
    expect((await get(v.port, '/missing.js')).status).toBe(404)
    await v.stop()
  })

  it('reports a missing model, a bad port or a taken port on one line', async () => {
    const missing = await view('no/such/model.json')
    expect(await missing.stop()).toBe(1)
    expect(missing.out().stderr).toBe('stockflow: no/such/model.json: no such file or folder\n')

    const bad = await view(seed('teacup'), { port: 'eighty' })
    expect(await bad.stop()).toBe(1)
    expect(bad.out().stderr).toBe('stockflow: --port must be 0-65535, got "eighty"\n')

    const taken = createServer()
    busy.push(taken)
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done))
    const port = (taken.address() as AddressInfo).port
    const clash = await view(seed('teacup'), { port: String(port) })
    expect(await clash.stop()).toBe(1)
    expect(clash.out().stderr).toBe(`stockflow: port ${port} on 127.0.0.1 is in use; choose another with --port\n`)
  })

  it('moves to the next free port when the default one is taken', async () => {
    const first = await startViewer({ viewerDir, mode: 'dist', port: 0 })
    const second = await startViewer({ viewerDir, mode: 'dist', port: first.port })
    expect(second.port).toBeGreaterThan(first.port)
    expect(second.url).toBe(`http://127.0.0.1:${second.port}/`)
    await second.close()
    await first.close()
  })

  it('says how to build the viewer when there is no build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'stockflow-viewer-'))
    await expect(startViewer({ viewerDir: empty, mode: 'dist', port: 0 })).rejects.toThrow(
      /the viewer is not built .*pnpm --filter @stockflow\/viewer build/,
    )
  })

  it("serves the viewer's sources through vite's dev server in a checkout", async () => {
    const v = await view(seed('SIR'), { port: '0' }, 'dev')
    const index = await get(v.port, '/')
    expect(index.status).toBe(200)
    expect(index.body).toContain('/@vite/client')
    expect(modelFromJSON((await get(v.port, '/model.json')).body).name).toBe('SIR')
    expect(await v.stop()).toBe(0)
  })
})

/** A request with any method, headers and body (what a page of another site, or curl, could send). */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () => done({ status: res.statusCode!, body: text, headers: res.headers }))
    })
    req.on('error', fail)
    req.end(body)
  })
}

/** A model file in a fresh temporary folder (never one of seeds/). */
function modelCopy(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stockflow-view-model-'))
  const file = join(dir, 'teacup.json')
  writeFileSync(file, modelToJSON(teacup))
  return { dir, file }
}

const arrangement = layoutFile('teacup', {
  auto: {
    items: [
      { id: 'teacup_temperature', x: 10, y: 20, width: 80, height: 40 },
      { id: 'room_temperature', x: 200, y: 20 },
    ],
  },
})

describe('stockflow view: the arrangement beside the model', () => {
  it('names the file beside the model', () => {
    expect(sidecarPath('/m/seeds/teacup/model.ts')).toBe('/m/seeds/teacup/model.layout.json')
    expect(sidecarPath('/m/World3.mdl')).toBe('/m/World3.layout.json')
    expect(sidecarPath('/m/x.layout.json')).toBe('/m/x.layout.layout.json')
  })

  it('saves with the token from its own origin, to the one file beside the model, never the model', async () => {
    const { dir, file } = modelCopy()
    const model = readFileSync(file, 'utf8')
    const v = await view(file, { port: '0' })
    const own = { host: `127.0.0.1:${v.port}`, origin: `http://127.0.0.1:${v.port}` }
    const session = await send(v.port, 'GET', '/session.json', { host: own.host, 'sec-fetch-site': 'same-origin' })
    expect(session.status).toBe(200)
    expect(session.headers['cross-origin-resource-policy']).toBe('same-origin')
    expect(session.headers['access-control-allow-origin']).toBeUndefined()
    const { token, layout, file: name } = JSON.parse(session.body) as { token: string; layout: unknown; file: string }
    expect(token).toMatch(/^[\w-]{32}$/)
    expect([layout, name]).toEqual([null, 'teacup.layout.json'])
    const headers = { ...own, 'content-type': 'application/json', 'x-stockflow-token': token }
    const saved = await send(v.port, 'PUT', '/layout.json', headers, JSON.stringify(arrangement))
    expect(saved.status).toBe(200)
    expect(JSON.parse(readFileSync(join(dir, 'teacup.layout.json'), 'utf8'))).toEqual(arrangement)
    expect(readFileSync(file, 'utf8')).toBe(model)
    expect(readdirSync(dir).sort()).toEqual(['teacup.json', 'teacup.layout.json'])
    expect(JSON.parse((await get(v.port, '/layout.json')).body)).toEqual(arrangement)
    // localhost is the same server under its other name: its own origin is then http://localhost:PORT.
    const local = { ...headers, host: `localhost:${v.port}`, origin: `http://localhost:${v.port}` }
    expect((await send(v.port, 'PUT', '/layout.json', local, JSON.stringify(arrangement))).status).toBe(200)
    expect(await v.stop()).toBe(0)

    // The next session starts with it.
    const again = await view(file, { port: '0' })
    const next = JSON.parse((await get(again.port, '/session.json')).body) as { token: string; layout: unknown }
    expect(next.layout).toEqual(arrangement)
    expect(next.token).not.toBe(token)
    await again.stop()
  })

  it('refuses a save from another origin, without an origin, or without the right token', async () => {
    const { dir, file } = modelCopy()
    const v = await view(file, { port: '0' })
    const host = `127.0.0.1:${v.port}`
    const { token } = JSON.parse((await get(v.port, '/session.json')).body) as { token: string }
    const body = JSON.stringify(arrangement)
    const ok = { host, origin: `http://${host}`, 'content-type': 'application/json', 'x-stockflow-token': token }
    const { origin: _origin, ...noOrigin } = ok
    const { 'x-stockflow-token': _token, ...noToken } = ok
    const refused: [string, Record<string, string>, number, string?][] = [
      ['another site', { ...ok, origin: 'http://evil.example' }, 403],
      ['another local server', { ...ok, origin: `http://127.0.0.1:${v.port + 1}` }, 403],
      ['the other name of this one', { ...ok, origin: `http://localhost:${v.port}` }, 403],
      ['an opaque origin', { ...ok, origin: 'null' }, 403],
      ['no origin', noOrigin, 403],
      ['no token', noToken, 403],
      ['a wrong token', { ...ok, 'x-stockflow-token': token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }, 403],
      ['a shorter token', { ...ok, 'x-stockflow-token': token.slice(1) }, 403],
      ['a rebound name', { ...ok, host: `evil.example:${v.port}`, origin: `http://evil.example:${v.port}` }, 403],
      ['a cross-site fetch', { ...ok, 'sec-fetch-site': 'cross-site' }, 403],
      ['a same-site fetch of another port', { ...ok, 'sec-fetch-site': 'same-site' }, 403],
      ['a form post', { ...ok, 'content-type': 'application/x-www-form-urlencoded' }, 415],
      [
        'not a layout',
        ok,
        400,
        '{"format":"stockflow-layout","version":1,"model":"t","stockFlow":{"auto":{"items":[{"id":"a","x":"1","y":2}]}}}',
      ],
      ['not JSON', ok, 400, '{'],
      ['a body over 1 MB', ok, 413, JSON.stringify({ ...arrangement, pad: 'x'.repeat(1 << 20) })],
    ]
    for (const [what, headers, status, text] of refused) {
      const answer = await send(v.port, 'PUT', '/layout.json', headers, text ?? body)
      expect(answer.status, what).toBe(status)
    }
    expect((await send(v.port, 'POST', '/layout.json', ok, body)).status).toBe(405)
    expect((await send(v.port, 'PUT', '/session.json', ok, body)).status).toBe(405)
    expect((await get(v.port, '/session.json', `evil.example:${v.port}`)).status).toBe(403)
    const crossRead = await send(v.port, 'GET', '/session.json', { host, 'sec-fetch-site': 'cross-site' })
    expect([crossRead.status, crossRead.body]).toEqual([403, 'cross-site request\n'])
    // Nothing was written.
    expect(readdirSync(dir)).toEqual(['teacup.json'])
    await v.stop()
  })

  it('leaves a file beside the model that is not an arrangement alone, and says so', async () => {
    const { dir, file } = modelCopy()
    writeFileSync(join(dir, 'teacup.layout.json'), '{"mine": true}')
    const v = await view(file, { port: '0' })
    expect(v.out().stderr).toMatch(
      /teacup\.layout\.json: teacup\.layout\.json is not a stockflow layout \(format: not "stockflow-layout"\)/,
    )
    const host = `127.0.0.1:${v.port}`
    const session = JSON.parse((await get(v.port, '/session.json')).body) as { token: string; problem?: string }
    expect(session.problem).toContain('not a stockflow layout')
    const headers = {
      host,
      origin: `http://${host}`,
      'content-type': 'application/json',
      'x-stockflow-token': session.token,
    }
    expect((await send(v.port, 'PUT', '/layout.json', headers, JSON.stringify(arrangement))).status).toBe(409)
    expect(readFileSync(join(dir, 'teacup.layout.json'), 'utf8')).toBe('{"mine": true}')
    await v.stop()
  })

  it.skipIf(process.platform === 'win32')(
    'starts, and leaves it alone, when a named pipe is planted there',
    async () => {
      const { dir, file } = modelCopy()
      const pipe = join(dir, 'teacup.layout.json')
      execFileSync('mkfifo', [pipe])
      const v = await view(file, { port: '0' })
      expect(v.url).toBeDefined()
      expect(v.out().stderr).toContain('teacup.layout.json is a named pipe, not a stockflow layout')
      const session = JSON.parse((await get(v.port, '/session.json')).body) as { token: string; problem?: string }
      expect(session.problem).toContain('a named pipe')
      const host = `127.0.0.1:${v.port}`
      const headers = {
        host,
        origin: `http://${host}`,
        'content-type': 'application/json',
        'x-stockflow-token': session.token,
      }
      expect((await send(v.port, 'PUT', '/layout.json', headers, JSON.stringify(arrangement))).status).toBe(409)
      expect(lstatSync(pipe).isFIFO()).toBe(true)
      await v.stop()
    },
  )

  it('refuses to save over a link or another file put there after the start', async () => {
    const { dir, file } = modelCopy()
    const model = readFileSync(file, 'utf8')
    const sidecar = join(dir, 'teacup.layout.json')
    const v = await view(file, { port: '0' })
    const host = `127.0.0.1:${v.port}`
    const { token } = JSON.parse((await get(v.port, '/session.json')).body) as { token: string }
    const headers = { host, origin: `http://${host}`, 'content-type': 'application/json', 'x-stockflow-token': token }
    const put = () => send(v.port, 'PUT', '/layout.json', headers, JSON.stringify(arrangement))
    // A saved arrangement is replaced by the next save.
    expect((await put()).status).toBe(200)
    expect((await put()).status).toBe(200)
    // A link to the model planted in its place: refused, the model and the link untouched.
    unlinkSync(sidecar)
    symlinkSync(file, sidecar)
    const refused = await put()
    expect([refused.status, refused.body]).toEqual([
      409,
      'teacup.layout.json is a symbolic link, not a stockflow layout; it is left as it is and arrangements are not saved\n',
    ])
    expect(readFileSync(file, 'utf8')).toBe(model)
    expect(lstatSync(sidecar).isSymbolicLink()).toBe(true)
    await v.stop()

    // Another file, put there after the start of a session that had none.

    const { dir: other, file: second } = modelCopy()
    const w = await view(second, { port: '0' })
    const own = { ...headers, host: `127.0.0.1:${w.port}`, origin: `http://127.0.0.1:${w.port}` }
    own['x-stockflow-token'] = (JSON.parse((await get(w.port, '/session.json')).body) as { token: string }).token
    writeFileSync(join(other, 'teacup.layout.json'), '{"mine": true}')
    const answer = await send(w.port, 'PUT', '/layout.json', own, JSON.stringify(arrangement))
    expect(answer.status).toBe(409)
    expect(answer.body).toContain('not a stockflow layout')
    expect(readFileSync(join(other, 'teacup.layout.json'), 'utf8')).toBe('{"mine": true}')
    await w.stop()
  })

  it('has no session without a model file', async () => {
    const server = await startViewer({ viewerDir, mode: 'dist', port: 0, model: teacup })
    expect((await get(server.port, '/session.json')).status).toBe(404)
    await server.close()
  })
})

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { modelFromJSON } from '@stockflow/model'
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

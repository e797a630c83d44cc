import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { dropPendingUrl, keepPendingUrl, takePendingUrl } from '../src/pending-url.ts'

/** sessionStorage as the browser has it, minus what is not used. */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const items = new Map<string, string>()
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
  }
}

describe('a URL change waiting to be written', () => {
  beforeEach(() => vi.stubGlobal('sessionStorage', memoryStorage()))
  afterEach(() => vi.unstubAllGlobals())

  it('is taken by a reload of the address it was to replace, once', () => {
    keepPendingUrl('?model=sir', '?model=sir&p.duration=7')
    expect(takePendingUrl('?model=sir', true)).toBe('?model=sir&p.duration=7')
    expect(takePendingUrl('?model=sir', true)).toBe('?model=sir')
  })

  it('is ignored by another address or a load that is not a reload, and dropped once written', () => {
    keepPendingUrl('?model=sir', '?model=sir&p.duration=7')
    expect(takePendingUrl('?model=teacup', true)).toBe('?model=teacup')
    keepPendingUrl('?model=sir', '?model=sir&p.duration=7')
    expect(takePendingUrl('?model=sir', false)).toBe('?model=sir')
    keepPendingUrl('?model=sir', '?model=sir&p.duration=7')
    dropPendingUrl()
    expect(takePendingUrl('?model=sir', true)).toBe('?model=sir')
  })

  it('costs nothing where storage is refused', () => {
    vi.stubGlobal('sessionStorage', {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('denied')
      },
      removeItem: () => {
        throw new Error('denied')
      },
    })
    keepPendingUrl('?model=sir', '?model=sir&p.duration=7')
    dropPendingUrl()
    expect(takePendingUrl('?model=sir', true)).toBe('?model=sir')
  })
})

// Where the viewer keeps an arrangement in the browser: one name per model, never one shared by several.
import { describe, expect, it } from 'vitest'
import { browserKey } from '../src/layout-store.ts'

describe('browserKey', () => {
  it('keeps models served without a file apart by their names', () => {
    expect(browserKey('served', 'Teacup')).toBe('served:Teacup')
    expect(browserKey('served', 'SIR')).not.toBe(browserKey('served', 'Teacup'))
  })

  it("names a file's arrangement by the file, a bundled model's by the model", () => {
    expect(browserKey('file', 'Teacup', 'my teacup.xmile')).toBe('file:my teacup.xmile')
    expect(browserKey('file', 'Teacup')).toBe('file:Teacup')
    expect(browserKey('teacup', 'Teacup')).toBe('teacup')
  })
})

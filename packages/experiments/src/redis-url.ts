/**
 * A Redis URL checked and shown with its password masked. Kept apart from the client (no ioredis here)
 * so that anything printing a URL can load it cheaply.
 */
import { StockflowError } from '@stockflow/model'

/** The hint for a password that breaks a URL: those characters end the password part early. */
const ENCODE_HINT = 'a password with / @ : # % must be URL-encoded (e.g. / as %2F)'

/**
 * The URL with its password replaced by `***`, for messages and logs: everything between `//` and the
 * last `@` (a raw `/` or `@` in a password still ends there; a user name before `:` is kept), and
 * any query parameter whose name holds "pass" (ioredis takes options, a password too, from the query).
 */
export function maskUrl(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? ''
  const rest = url.slice(scheme.length)
  const at = userInfoEnd(rest)
  let user = ''
  if (at >= 0) {
    const info = rest.slice(0, at)
    const colon = info.indexOf(':')
    const name = colon >= 0 ? info.slice(0, colon) : ''
    user = `${/^[\w.-]*$/.test(name) ? name : ''}${colon >= 0 ? ':' : ''}***@`
  }
  const tail = rest.slice(at + 1).replace(/([?&][^=&#]*pass[^=&#]*=)[^&#]*/gi, '$1***')
  return `${scheme}${user}${tail}`
}

/**
 * Where the user info of a URL (less its scheme) ends: the last `@` before the query, so that an `@` in
 * a query value is not taken for it; when the part before the first `?` or `#` has no `@` and no path,
 * an `@` after it means a raw `?` or `#` in the password, and the last `@` is taken (masking too much,
 * never too little). -1 when there is none.
 */
function userInfoEnd(rest: string): number {
  const query = rest.search(/[?#]/)
  const before = query < 0 ? rest : rest.slice(0, query)
  const at = before.lastIndexOf('@')
  if (at >= 0 || query < 0 || before.includes('/')) return at
  return rest.lastIndexOf('@')
}

/** Scheme and host of a URL that could not be read (what follows may be a password cut in two). */
function schemeAndHost(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? ''
  const rest = url.slice(scheme.length)
  const host = /^[^/?#]*/.exec(rest.slice(rest.lastIndexOf('@') + 1))![0]
  return `${scheme}${rest.includes('@') ? '***@' : ''}${host}`
}

/** Checks the URL's form: one line naming it (masked) when it is not a Redis URL. */
export function checkUrl(url: string): void {
  const hint = url.includes('@') ? `; ${ENCODE_HINT}` : ''
  let u: URL | undefined
  try {
    u = new URL(url)
  } catch {
    throw new StockflowError(
      `not a Redis URL: "${schemeAndHost(url)}" cannot be read: write redis://[user:password@]host[:port][/db]${hint}`,
    )
  }
  if ((u.protocol !== 'redis:' && u.protocol !== 'rediss:') || !u.hostname)
    throw new StockflowError(
      `not a Redis URL: "${maskUrl(url)}": write redis://[user:password@]host[:port][/db] (rediss:// for TLS)${hint}`,
    )
  if (u.pathname.length > 1 && !/^\/\d+$/.test(u.pathname))
    throw new StockflowError(`Redis URL "${maskUrl(url)}": the path is a database number, e.g. /0${hint}`)
}

/**
 * What every request says about itself, and where credentials may go: the HTTP client
 * (client.ts) sends `User-Agent: ipfs-pin-action/<version>` (`… cli` from the CLI) on every
 * request to every service, as services ask integrations to (a DNS API has refused calls
 * without one), and warns when a credential would cross the network in plain http.
 */
import { VERSION } from '../version.js'

let surface = ''

/**
 * Marks this process's requests as the CLI's (`ipfs-pin-action/<version> cli`), or again as the
 * action's. Process-wide: the CLI calls it once at start (a test sets it back when done).
 */
export function identifyAs(who: 'action' | 'cli'): void {
  surface = who === 'cli' ? ' cli' : ''
}

export const userAgent = (): string => `ipfs-pin-action/${VERSION}${surface}`

/**
 * A client's headers with ours as the only `User-Agent`, whatever a caller passed; first warns
 * (`warnPlainCredentials`) when they carry a credential to a plain-http host.
 */
export function identified(o: Parameters<typeof warnPlainCredentials>[0]): Record<string, string> {
  warnPlainCredentials(o)
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(o.headers ?? {}))
    if (k.toLowerCase() !== 'user-agent') out[k] = v
  out['user-agent'] = userAgent()
  return out
}

/** `http:` to a host other than this machine: anyone on the path can read what is sent. */
export function plainRemote(url: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (u.protocol !== 'http:') return false
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return !(
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(host)
  )
}

/**
 * Warns, naming the input, when a header holds a credential (the masker knows its value) and
 * the base URL is plain http to another host. A warning, not an error: a node on a private
 * network the user trusts stays possible.
 */
export function warnPlainCredentials(o: {
  readonly provider: string
  readonly baseUrl: string
  readonly headers?: Readonly<Record<string, string>>
  readonly credentials?: readonly string[]
  readonly redact: (text: string) => string
  readonly warn?: (message: string) => void
}): void {
  const credential = Object.values(o.headers ?? {}).some((v) => o.redact(v) !== v)
  if (!credential || !plainRemote(o.baseUrl)) return
  const inputs = (o.credentials ?? []).map((i) => `"${i}"`).join(' or ') || 'a credential'
  o.warn?.(
    `${o.provider}: ${inputs} is sent to ${new URL(o.baseUrl).origin} over plain http, which anyone on the network path can read and replay. Use https, or a loopback address when the service runs on this machine; a private network you trust is your call.`,
  )
}

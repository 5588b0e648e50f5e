/**
 * What every request says about itself and where credentials go, in the one HTTP core
 * (src/http/client.ts): `User-Agent: ipfs-pin-action/<version>` (`… cli` from the CLI) on every
 * request, whatever headers a caller passes; a warning naming the input when a credential is
 * sent over plain http to a host that is not this machine.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '../src/http/client.js'
import { identifyAs, plainRemote } from '../src/http/identity.js'
import { masker } from '../src/io.js'
import { VERSION } from '../src/version.js'
import { startServer, type TestServer } from './support/server.js'

const SECRET = 'tok_identity-0123456789'
let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function make(baseUrl: string, headers: Record<string, string>, warnings: string[] = []) {
  const m = masker()
  m.add(`Bearer ${SECRET}`)
  return createHttpClient({
    provider: 'cluster',
    baseUrl,
    headers,
    credentials: ['cluster-token'],
    stallMs: 2000,
    retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    redact: (t) => m.mask(t),
    warn: (w) => warnings.push(w),
  })
}

describe('User-Agent', () => {
  it('names the action and its version on every request, and a caller cannot replace it', async () => {
    server = await startServer((_req, res) => res.end('{}'))
    const c = make(server.url, { 'User-Agent': 'curl/8', authorization: `Bearer ${SECRET}` })
    await c.send({ operation: 'status', method: 'GET', path: '/a' })
    await c.send({
      operation: 'status',
      method: 'POST',
      path: '/b',
      headers: { 'user-agent': 'other' },
      body: () => 'x',
    })
    expect(server.requests.map((r) => r.headers['user-agent'])).toEqual([
      `ipfs-pin-action/${VERSION}`,
      `ipfs-pin-action/${VERSION}`,
    ])
    // Process-wide, and this project shares modules between files: set back when done.
    identifyAs('cli')
    try {
      await make(server.url, {}).send({ operation: 'status', method: 'GET', path: '/c' })
    } finally {
      identifyAs('action')
    }
    expect(server.requests[2]?.headers['user-agent']).toBe(`ipfs-pin-action/${VERSION} cli`)
  })
})

describe('a credential over plain http', () => {
  it('warns, naming the input and the origin, never the credential', () => {
    const warnings: string[] = []
    make('http://10.0.0.5:9094/api', { authorization: `Bearer ${SECRET}` }, warnings)
    expect(warnings).toEqual([
      'cluster: "cluster-token" is sent to http://10.0.0.5:9094 over plain http, which anyone on the network path can read and replay. Use https, or a loopback address when the service runs on this machine; a private network you trust is your call.',
    ])
    expect(warnings.join('')).not.toContain(SECRET)
  })

  it('stays quiet for https, for this machine, and for a request without a credential', () => {
    const warnings: string[] = []
    make('https://cluster.example.org', { authorization: `Bearer ${SECRET}` }, warnings)
    for (const local of ['http://127.0.0.1:9094', 'http://localhost:5001', 'http://[::1]:5001'])
      make(local, { authorization: `Bearer ${SECRET}` }, warnings)
    make('http://10.0.0.5:9094', {}, warnings)
    make('http://10.0.0.5:9094', { accept: 'application/json' }, warnings)
    expect(warnings).toEqual([])
    expect(plainRemote('http://node.localhost:5001')).toBe(false)
    expect(plainRemote('http://192.168.1.10:5001')).toBe(true)
  })
})

/**
 * The HTTP core against a real local server: retries and their bounds, Retry-After, resets,
 * stalls, malformed bodies, streaming uploads, and no secret in any error.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ProviderError } from '../src/errors.js'
import { createHttpClient, excerpt, retryAfterMs, type HttpClient } from '../src/http/client.js'
import { deadlineSignal, longTimeout, waitReaches, type Clock } from '../src/http/deadline.js'
import { isPermanentError } from '../src/http/policy.js'
import { backoffMs, withRetry, type RetryPolicy } from '../src/http/retry.js'
import { masker } from '../src/io.js'
import { startServer, type Handler, type TestServer } from './support/server.js'

const SECRET = 'tok_S3cr3t-value-0123456789'
let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Retry timing recorded instead of slept, so tests are fast and can check the delays. */
function policy(over: Partial<RetryPolicy> = {}): RetryPolicy & { delays: number[]; clock: Clock } {
  const delays: number[] = []
  return {
    retries: 3,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    maxRetryAfterMs: 60_000,
    random: () => 1,
    clock: {
      now: () => Date.now(),
      sleep: (ms) => {
        delays.push(ms)
        return Promise.resolve()
      },
    },
    delays,
    ...over,
  }
}

async function client(
  handler: Handler,
  retry = policy(),
  stallMs = 2000,
): Promise<{ c: HttpClient; logs: string[] }> {
  server = await startServer(handler)
  const m = masker()
  m.add(SECRET)
  const logs: string[] = []
  const c = createHttpClient({
    provider: 'test',
    baseUrl: `${server.url}/api/`,
    headers: { authorization: `Bearer ${SECRET}` },
    stallMs,
    retry,
    clock: retry.clock,
    redact: (t) => m.mask(t),
    log: (l) => logs.push(l),
  })
  return { c, logs }
}

const get = { operation: 'status', method: 'GET', path: '/pins/x' } as const

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(ProviderError)
  return err as ProviderError
}

describe('requests', () => {
  it('joins base URL, path and query; sends auth and custom headers', async () => {
    const { c } = await client((_req, res) => res.end('{"ok":true}'))
    const r = await c.json<{ ok: boolean }>({
      ...get,
      query: { cid: 'bafy', limit: 10, skip: undefined, status: ['queued', 'pinned'] },
      headers: { 'x-extra': '1' },
    })
    expect(r.value).toEqual({ ok: true })
    const req = server?.requests[0]
    expect(req?.url).toBe('/api/pins/x?cid=bafy&limit=10&status=queued&status=pinned')
    expect(req?.headers.authorization).toBe(`Bearer ${SECRET}`)
    expect(req?.headers['x-extra']).toBe('1')
  })

  it('streams a request body, produced afresh for each attempt', async () => {
    const MIB = 1 << 20
    const { c } = await client((_req, res, body, n) => {
      res.statusCode = n === 1 ? 503 : 200
      res.end(JSON.stringify({ got: body.length }))
    })
    let produced = 0
    const r = await c.json<{ got: number }>({
      operation: 'upload-car',
      method: 'POST',
      path: '/add',
      body: () =>
        (function* () {
          for (let i = 0; i < 32; i++) {
            produced += MIB
            yield new Uint8Array(MIB).fill(i)
          }
        })(),
    })
    expect(r.value.got).toBe(32 * MIB)
    expect(produced).toBe(64 * MIB) // two attempts, each a fresh stream
  })
})

describe('retries', () => {
  it('retries 500 then succeeds, with exponential backoff', async () => {
    const retry = policy()
    const { c, logs } = await client((_req, res, _b, n) => {
      res.statusCode = n < 3 ? 500 : 200
      res.end(n < 3 ? 'boom' : '{}')
    }, retry)
    await c.json(get)
    expect(server?.requests).toHaveLength(3)
    expect(retry.delays).toEqual([100, 200])
    expect(logs[0]).toMatch(
      /test: reading the pin status, attempt 1 of 4 failed \(HTTP 500\); retrying in 0\.1 s/,
    )
  })

  it('retries a 408 (the service timed the request out) like a 5xx, then succeeds', async () => {
    const retry = policy()
    const { c } = await client((_req, res, _b, n) => {
      res.statusCode = n === 1 ? 408 : 200
      res.end(n === 1 ? 'request timeout' : '{}')
    }, retry)
    await c.json(get)
    expect(server?.requests).toHaveLength(2)
    expect(retry.delays).toEqual([100])
  })

  it('honours Retry-After (seconds) on 429', async () => {
    const retry = policy()
    const { c } = await client((_req, res, _b, n) => {
      if (n === 1) {
        res.writeHead(429, { 'retry-after': '7' })
        res.end('{"error":"slow down"}')
      } else res.end('{}')
    }, retry)
    await c.json(get)
    expect(retry.delays).toEqual([7000])
  })

  it('honours X-RateLimit-Reset as epoch seconds', () => {
    const now = 1_800_000_000_000
    expect(retryAfterMs({ 'x-ratelimit-reset': String(now / 1000 + 12) }, now)).toBe(12_000)
    expect(retryAfterMs({ 'x-ratelimit-reset': '30' }, now)).toBe(30_000)
    expect(retryAfterMs({ 'retry-after': new Date(now + 5000).toUTCString() }, now)).toBe(5000)
  })

  it('takes as a hint only a whole number of seconds or an HTTP-date in any of its 3 forms', () => {
    const now = Date.UTC(1994, 10, 6, 8, 49, 30)
    const ra = (v: string): number | undefined => retryAfterMs({ 'retry-after': v }, now)
    expect(['0', '7', ' 12 '].map(ra)).toEqual([0, 7000, 12_000])
    // IMF-fixdate, RFC 850 and asctime, all UTC (Date.parse reads asctime as local time).
    expect(
      [
        'Sun, 06 Nov 1994 08:49:37 GMT',
        'Sunday, 06-Nov-94 08:49:37 GMT',
        'Sun Nov  6 08:49:37 1994',
      ].map(ra),
    ).toEqual([7000, 7000, 7000])
    // Date.parse would take "-5" and "0" for years, and rolls 31 Feb over into March.
    expect(['-5', '1.5', 'soon', '5 s', '', 'Tue, 31 Feb 1995 00:00:00 GMT'].map(ra)).toEqual(
      Array(6).fill(undefined),
    )
    // A date in the past asks for no wait.
    expect(ra('Sun, 06 Nov 1994 08:00:00 GMT')).toBe(0)
  })

  it.each(['-5', '0', 'soon'])(
    'backs off as usual after Retry-After: %s, and says so when the deadline comes',
    async (value) => {
      // Time moves only by the waits: the deadline comes after the third.
      let t = Date.now()
      const delays: number[] = []
      const clock: Clock = {
        now: () => t,
        sleep: (ms) => {
          delays.push(ms)
          t += ms
          return Promise.resolve()
        },
      }
      const retry = { ...policy({ random: () => 0.5 }), clock, delays }
      const { c, logs } = await client((_req, res) => {
        res.writeHead(503, { 'retry-after': value })
        res.end('busy')
      }, retry)
      const { signal, dispose } = deadlineSignal(
        undefined,
        { at: t + 300, input: 'wait-timeout' },
        () => new Error('wait-timeout reached'),
        clock,
      )
      const err = await failure(c.send({ ...get, signal }))
      dispose()
      expect(delays).toEqual([50, 100])
      expect(logs.join('\n')).not.toMatch(/as the service asked/)
      expect(err.message).toMatch(
        /no time is left for another attempt before the limit set by "wait-timeout"/,
      )
      expect(err.message).not.toMatch(/limit resets/)
    },
  )

  it('says when the wait is the service’s, and words a polled wait by what it waits for and until when', async () => {
    const retry = policy({ retries: Infinity })
    const { c, logs } = await client((_req, res, _b, n) => {
      if (n > 2) return res.end('{}')
      res.writeHead(n === 1 ? 429 : 404, n === 1 ? { 'retry-after': '7' } : {})
      res.end('not yet')
    }, retry)
    const at = Date.now() + 3_600_000
    const { signal, dispose } = deadlineSignal(
      undefined,
      { at, input: 'check-timeout' },
      () => new Error('x'),
    )
    await c.send({
      ...get,
      operation: 'retrieve',
      signal,
      waiting: 'waiting for the content to reach this gateway',
    })
    dispose()
    const until = new Date(at).toISOString().replace(/\.\d+Z$/, 'Z')
    expect(logs).toEqual([
      `test: waiting for the content to reach this gateway: not yet (HTTP 429); asking again in 7.0 s, as the service asked (attempt 2), until ${until} ("check-timeout")`,
      `test: waiting for the content to reach this gateway: not yet (HTTP 404); asking again in 0.2 s (attempt 3), until ${until} ("check-timeout")`,
    ])
  })

  it('fails clearly when the service asks to wait longer than the step will', async () => {
    const { c } = await client(
      (_req, res) => {
        res.writeHead(429, { 'retry-after': '3600' })
        res.end('')
      },
      policy({ maxRetryAfterMs: 60_000 }),
    )
    const err = await failure(c.send(get))
    expect(err.message).toMatch(
      /HTTP 429.*limit resets at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, 60 min from now: longer than the 60 s this step waits/,
    )
    expect(server?.requests).toHaveLength(1)
  })

  it('gives up after the configured retries with the last error, never looping', async () => {
    const retry = policy({ retries: 2 })
    const { c } = await client((_req, res) => {
      res.statusCode = 503
      res.end('<html><title>Service Unavailable</title><body>try later</body></html>')
    }, retry)
    const err = await failure(c.send(get))
    expect(server?.requests).toHaveLength(3)
    expect(err.status).toBe(503)
    expect(err.attempts).toBe(3)
    expect(err.message).toContain('HTML page "Service Unavailable"')
  })

  it('does not send a create again when the service may have taken it and there is no lookup', async () => {
    const { c } = await client((_req, res) => {
      res.statusCode = 500
      res.end('x')
    })
    await failure(c.send({ ...get, operation: 'create-pin', method: 'POST' }))
    expect(server?.requests).toHaveLength(1)
  })

  it('does not retry 4xx (bad request, auth)', async () => {
    const { c } = await client((_req, res) => {
      res.statusCode = 401
      res.end('{"error":{"reason":"UNAUTHORIZED"}}')
    })
    const err = await failure(c.send(get))
    expect(server?.requests).toHaveLength(1)
    expect(err.transient).toBe(false)
    expect(err.message).toBe(
      'test: reading the pin status failed: HTTP 401: {"error":{"reason":"UNAUTHORIZED"}}',
    )
  })

  it('retries a connection reset', async () => {
    const { c } = await client((req, res, _b, n) => {
      if (n === 1) req.socket.destroy()
      else res.end('{"fine":1}')
    })
    expect((await c.json<{ fine: number }>(get)).value.fine).toBe(1)
    expect(server?.requests).toHaveLength(2)
  })

  it('retries a reset on a probe, but takes its HTTP answer at once', async () => {
    const probe = { ...get, operation: 'list-probe' as const }
    const reset = await client((req, res, _b, n) => {
      if (n === 1) req.socket.destroy()
      else res.end('{"fine":1}')
    })
    expect((await reset.c.json<{ fine: number }>(probe)).value.fine).toBe(1)
    expect(server?.requests).toHaveLength(2)
    await server?.close()
    const refused = await client((_req, res) => {
      res.statusCode = 500
      res.end('no meta filter here')
    })
    expect((await failure(refused.c.send(probe))).message).toMatch(/HTTP 500/)
    expect(server?.requests).toHaveLength(1)
  })

  it('fails a stalled response within its limit, retries it, then gives up', async () => {
    const retry = policy({ retries: 1 })
    const { c } = await client(() => undefined /* never answers */, retry, 150)
    const t0 = performance.now()
    const err = await failure(c.send(get))
    expect(err.message).toMatch(/no data moved for 150 ms; see "request-timeout"/)
    expect(err.attempts).toBe(2)
    expect(performance.now() - t0).toBeLessThan(2000)
  })

  it('does not call a slow but live upload stalled', async () => {
    const { c } = await client(
      (_req, res, body) => res.end(JSON.stringify({ got: body.length })),
      policy({ retries: 0 }),
      150,
    )
    const r = await c.json<{ got: number }>({
      operation: 'upload-car',
      method: 'POST',
      path: '/add',
      body: () =>
        (async function* () {
          for (let i = 0; i < 8; i++) {
            await new Promise((resolve) => setTimeout(resolve, 60))
            yield new Uint8Array(1000)
          }
        })(),
    })
    expect(r.value.got).toBe(8000) // 480 ms in all, never 150 ms without a byte
  })

  it('retries a truncated or malformed JSON body, then fails saying so', async () => {
    const { c } = await client((_req, res) => res.end('{"cid": "bafy'), policy({ retries: 1 }))
    const err = await failure(c.json(get))
    expect(server?.requests).toHaveLength(2)
    expect(err.message).toMatch(/not valid JSON: \{"cid": "bafy/)
  })

  it('treats a redirect as a wrong URL, not a success', async () => {
    const { c } = await client((_req, res) => {
      res.writeHead(301, { location: '/api/pinning/' })
      res.end('<html>moved</html>')
    })
    const err = await failure(c.send(get))
    expect(err.message).toMatch(
      /HTTP 301: the service redirects to \/api\/pinning\/; check the API URL/,
    )
  })

  it('stops retrying when the caller aborts', async () => {
    const ac = new AbortController()
    const { c } = await client((_req, res) => {
      ac.abort(new Error('wait-timeout reached'))
      res.statusCode = 503
      res.end('')
    })
    const err = await failure(c.send({ ...get, signal: ac.signal }))
    expect(server?.requests).toHaveLength(1)
    expect(err.transient).toBe(false)
  })
})

describe('secrets', () => {
  it('masks a credential echoed in an error body, in the message and the kept body', async () => {
    const { c } = await client((_req, res) => {
      res.statusCode = 403
      res.end(JSON.stringify({ message: 'key not allowed', apiKey: SECRET }))
    })
    const err = await failure(c.send(get))
    expect(err.message).not.toContain(SECRET)
    expect(err.body).not.toContain(SECRET)
    expect(err.message).toContain('***')
  })
})

describe('sameCid', () => {
  it('matches the same CID in any base or version, and nothing else', async () => {
    const { sameCid } = await import('../src/cid.js')
    const { CID } = await import('multiformats/cid')
    const { base36 } = await import('multiformats/bases/base36')
    const { base64 } = await import('multiformats/bases/base64')
    const local = CID.parse('bafybeih7e5dmkyk25up5vxug4q3hrg2fxbzf23dfrac2fns5h7z4aa7ioi')
    const v0 = CID.parse('QmWSgS32xQEcXMeqd3YPJLrNBLSdsfYCep2U7CFkyrjXwY')
    expect(sameCid(local.toString().toUpperCase().replace(/^BAFY/, 'BAFY'), local)).toBe(true)
    expect(sameCid(` ${local.toString()}\n`, local)).toBe(true)
    expect(sameCid(local.toString(base36), local)).toBe(true)
    expect(sameCid(local.toString(base64), local)).toBe(true)
    expect(sameCid(v0.toString(), v0.toV1())).toBe(true)
    expect(sameCid(v0.toString(), local)).toBe(false)
    expect(sameCid('not-a-cid', local)).toBe(false)
    // Same digest, other codec (raw vs dag-pb): a different block.
    expect(sameCid(CID.createV1(0x55, local.multihash).toString(), local)).toBe(false)
  })
})

describe('the retry policy by operation (src/http/policy.ts)', () => {
  it('tells a permanent input error from a transient 5xx by the words, and the list stays small', () => {
    for (const permanent of [
      'invalid CID: selected encoding not supported',
      'invalid path "bafy…": illegal base32 data at input byte 3',
      'a CAR for /add must have exactly one root',
      'failed to decode CAR header: unexpected EOF',
      'malformed CAR',
      'unsupported CAR version 3',
    ])
      expect(isPermanentError(permanent), permanent).toBe(true)
    for (const transient of [
      'dial tcp 127.0.0.1:5001: connect: connection refused',
      'context deadline exceeded',
      'could not find bafy…: merkledag: not found',
      'Internal Server Error',
    ])
      expect(isPermanentError(transient), transient).toBe(false)
  })

  it('retries a truncated body on a status read, decoding inside the retry loop', async () => {
    const { c } = await client((_req, res, _b, n) =>
      res.end(n === 1 ? '{"state":"pinn' : '{"state":"pinned"}'),
    )
    const got = await c.request(get, (r) => c.parse<{ state: string }>('status', r))
    expect(got.state).toBe('pinned')
    expect(server?.requests).toHaveLength(2)
  })

  it('tries an upload that gets an HTML page with status 200 twice at most, saying what came back', async () => {
    const { c } = await client(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' })
        res.end('<html><title>Just a moment...</title></html>')
      },
      policy({ retries: 4 }),
    )
    const err = await failure(
      c.request({ operation: 'upload-car', method: 'POST', path: '/add', body: () => 'car' }, (r) =>
        c.parse('upload-car', r),
      ),
    )
    expect(server?.requests).toHaveLength(2)
    expect(err.message).toMatch(/answered HTTP 200 with HTML page "Just a moment\.\.\."/)
    // Any other operation retries such a page as often as `retries` says.
    server?.requests.splice(0)
    await failure(c.request(get, (r) => c.parse('status', r)))
    expect(server?.requests).toHaveLength(5)
  })

  it('adopts what the service took instead of sending a create again after an ambiguous failure', async () => {
    let looked = 0
    const { c } = await client((_req, res) => res.end('{"requestid":"r1","sta'))
    const got = await c.request(
      {
        operation: 'create-pin',
        method: 'POST',
        path: '/pins',
        body: () => '{}',
        recover: () => {
          looked++
          return Promise.resolve('r1 (found)')
        },
      },
      (r) => c.parse<{ requestid: string }>('create-pin', r).requestid,
    )
    expect(got).toBe('r1 (found)')
    expect(looked).toBe(1)
    expect(server?.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })

  it('sends a create again when the service says it did not take it (429), without a lookup', async () => {
    let looked = 0
    const { c } = await client((_req, res, _b, n) => {
      if (n === 1) {
        res.writeHead(429, { 'retry-after': '0' })
        return res.end('slow down')
      }
      res.end('{"requestid":"r2"}')
    })
    const got = await c.request(
      {
        operation: 'create-pin',
        method: 'POST',
        path: '/pins',
        body: () => '{}',
        recover: () => {
          looked++
          return Promise.resolve(undefined)
        },
      },
      (r) => c.parse<{ requestid: string }>('create-pin', r).requestid,
    )
    expect(got).toBe('r2')
    expect(looked).toBe(0)
  })

  it.each([
    ['wait-timeout', 60, 20_000],
    ['timeout', 120, 30_000],
  ] as const)(
    'fails at once when a rate limit resets after the deadline of "%s", saying when as an ISO time',
    async (input, resetS, deadlineMs) => {
      const retry = policy({ maxRetryAfterMs: 600_000 })
      const { c } = await client((_req, res) => {
        res.writeHead(429, { 'retry-after': String(resetS) })
        res.end('')
      }, retry)
      const { signal, dispose } = deadlineSignal(
        undefined,
        { at: Date.now() + deadlineMs, input },
        () => new Error(`${input} reached`),
      )
      const err = await failure(c.send({ ...get, signal }))
      dispose()
      expect(server?.requests).toHaveLength(1)
      expect(retry.delays).toEqual([])
      expect(err.message).toMatch(
        new RegExp(
          `limit resets at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ, after the limit set by "${input}" \\(\\d{4}-\\d\\d-\\d\\dT`,
        ),
      )
    },
  )
})

describe('timers of any length', () => {
  it('a deadline 30 days away does not fire (Node timers overflow past 24.8 days)', async () => {
    const { signal, dispose } = deadlineSignal(
      undefined,
      { at: Date.now() + 30 * 86_400_000, input: 'timeout' },
      () => new Error('fired'),
    )
    await new Promise((r) => setTimeout(r, 30))
    expect(signal.aborted).toBe(false)
    dispose()
    let fired = false
    const cancel = longTimeout(() => (fired = true), 2 ** 31 + 5)
    await new Promise((r) => setTimeout(r, 30))
    cancel()
    expect(fired).toBe(false)
  })
})

describe('waitReaches: the one "would this wait pass the deadline" (src/http/deadline.ts)', () => {
  const clock = { now: () => 1000 }
  const deadline = { at: 1500, input: 'wait-timeout' }
  it('a wait that ends before the deadline fits; one that ends on it or later does not', () => {
    expect(waitReaches(deadline, 499, clock)).toBeUndefined()
    expect(waitReaches(deadline, 500, clock)).toBe(deadline)
    expect(waitReaches(deadline, 10_000, clock)).toBe(deadline)
  })
  it('a wait of 0 asks whether the deadline has come; no deadline is never reached', () => {
    expect(waitReaches(deadline, 0, clock)).toBeUndefined()
    expect(waitReaches({ at: 1000, input: 'timeout' }, 0, clock)?.input).toBe('timeout')
    expect(waitReaches(undefined, Number.MAX_SAFE_INTEGER, clock)).toBeUndefined()
  })
})

describe('helpers', () => {
  it('backoff grows exponentially under its cap, with full jitter', () => {
    const p = policy({ random: () => 1 })
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(p, a))).toEqual([100, 200, 400, 800, 1000])
    expect(backoffMs(policy({ random: () => 0.5 }), 3)).toBe(200)
  })

  it('withRetry rethrows errors that are not provider errors at once', async () => {
    let calls = 0
    await expect(
      withRetry(policy(), () => {
        calls++
        return Promise.reject(new TypeError('bug'))
      }),
    ).rejects.toThrow('bug')
    expect(calls).toBe(1)
  })

  it('excerpt: one line, no secrets, cut short', () => {
    const m = masker()
    m.add(SECRET)
    expect(excerpt(`a\n  b ${SECRET} ${'x'.repeat(400)}`, (t) => m.mask(t), 20)).toBe(
      'a b *** xxxxxxxxxxxx…',
    )
  })
})

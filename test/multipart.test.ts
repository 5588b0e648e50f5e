/** The streamed multipart body, parsed by a third-party parser (busboy) on a local server. */
import { createHash } from 'node:crypto'
import Busboy from 'busboy'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '../src/http/client.js'
import { multipart, type Part } from '../src/http/multipart.js'
import { startServer, type TestServer } from './support/server.js'

interface Parsed {
  fields: Record<string, string>
  files: Array<{ field: string; filename: string; mimeType: string; size: number; sha256: string }>
  contentLength?: string | undefined
  transferEncoding?: string | undefined
}

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** Sends `parts` through the HTTP client to a server that parses them with busboy. */
async function roundTrip(parts: () => Iterable<Part>): Promise<Parsed> {
  server = await startServer((req, res, body) => {
    const parsed: Parsed = {
      fields: {},
      files: [],
      contentLength: req.headers['content-length'],
      transferEncoding: req.headers['transfer-encoding'],
    }
    const bb = Busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      preservePath: true,
      limits: { fileSize: Infinity },
    })
    bb.on('field', (name, value) => (parsed.fields[name] = value))
    bb.on('file', (field, stream, info) => {
      const h = createHash('sha256')
      let size = 0
      stream.on('data', (d: Buffer) => {
        size += d.length
        h.update(d)
      })
      stream.on('end', () =>
        parsed.files.push({
          field,
          filename: info.filename ?? '',
          mimeType: info.mimeType,
          size,
          sha256: h.digest('hex'),
        }),
      )
    })
    bb.on('close', () => res.end(JSON.stringify(parsed)))
    bb.on('error', (e: Error) => {
      res.statusCode = 400
      res.end(e.message)
    })
    bb.end(body)
  })
  const mp = multipart(parts)
  const c = createHttpClient({
    provider: 'test',
    baseUrl: server.url,
    stallMs: 5000,
    retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    redact: (t) => t,
  })
  const headers: Record<string, string> = { 'content-type': mp.contentType }
  if (mp.length !== undefined) headers['content-length'] = String(mp.length)
  const r = await c.json<Parsed>({
    operation: 'upload-car',
    method: 'POST',
    path: '/upload',
    headers,
    body: mp.body,
  })
  return r.value
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

describe('multipart', () => {
  it('streams fields and files, with path-bearing, unicode and quoted filenames, and an exact Content-Length', async () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 3).map((_, i) => i & 0xff)
    const small = new TextEncoder().encode('<h1>hi</h1>')
    let opened = 0
    const parts = (): Part[] => [
      {
        name: 'pinataMetadata',
        value: JSON.stringify({ name: 'site-abc1234', keyvalues: { repo: 'acme/site' } }),
      },
      {
        name: 'file',
        filename: 'dist/index.html',
        contentType: 'text/html',
        size: small.length,
        content: () => small,
      },
      {
        name: 'file',
        filename: 'dist/assets/big.bin',
        size: big.length,
        content: () => {
          opened++
          return (function* () {
            for (let i = 0; i < big.length; i += 65536) yield big.subarray(i, i + 65536)
          })()
        },
      },
      { name: 'file', filename: 'dist/é "quoted".txt', size: 0, content: () => new Uint8Array(0) },
    ]
    const got = await roundTrip(parts)
    expect(got.fields.pinataMetadata).toBe(
      '{"name":"site-abc1234","keyvalues":{"repo":"acme/site"}}',
    )
    expect(got.files).toEqual([
      {
        field: 'file',
        filename: 'dist/index.html',
        mimeType: 'text/html',
        size: small.length,
        sha256: sha(small),
      },
      {
        field: 'file',
        filename: 'dist/assets/big.bin',
        mimeType: 'application/octet-stream',
        size: big.length,
        sha256: sha(big),
      },
      {
        field: 'file',
        filename: 'dist/é %22quoted%22.txt',
        mimeType: 'application/octet-stream',
        size: 0,
        sha256: sha(new Uint8Array(0)),
      },
    ])
    expect(Number(got.contentLength)).toBe(server?.requests[0]?.body.length)
    expect(opened).toBe(1) // opened when reached, once (the length was computed without reading)
  })

  it('omits Content-Length (chunked) when a part size is unknown', async () => {
    const got = await roundTrip(() => [
      { name: 'file', filename: 'a.txt', content: () => [new TextEncoder().encode('abc')] },
    ])
    expect(got.contentLength).toBeUndefined()
    expect(got.transferEncoding).toBe('chunked')
    expect(got.files[0]?.size).toBe(3)
  })

  it('joins small pieces into chunks of at least 64 KiB and passes large ones through, bytes unchanged', async () => {
    const big = new Uint8Array(200_000).map((_, i) => i & 0xff)
    const parts = (): Part[] => [
      ...Array.from({ length: 3000 }, (_, i) => ({
        name: 'file',
        filename: `f/${i}.txt`,
        size: 20,
        content: () => new TextEncoder().encode(String(i).padStart(20, '0')),
      })),
      { name: 'file', filename: 'big.bin', size: big.length, content: () => big },
      { name: 'meta', value: '{"a":1}' },
    ]
    const chunks: Uint8Array[] = []
    for await (const c of multipart(parts, 'b').body()) chunks.push(c)
    // Every chunk but the last of a run of small pieces is at least 64 KiB; the large file
    // comes as it was given.
    expect(chunks.length).toBeLessThan(10)
    expect(chunks.some((c) => c === big)).toBe(true)
    const at = chunks.indexOf(big)
    chunks.forEach((c, i) => {
      // The pieces held when the large file comes, and at the end, go out as they are.
      if (i !== at && i !== at - 1 && i !== chunks.length - 1)
        expect(c.length).toBeGreaterThanOrEqual(64 << 10)
    })
    const got = await roundTrip(parts)
    expect(got.files).toHaveLength(3001)
    expect(got.files[2999]?.filename).toBe('f/2999.txt')
    expect(got.files[3000]?.size).toBe(big.length)
    expect(got.fields.meta).toBe('{"a":1}')
    expect(Number(got.contentLength)).toBe(server?.requests[0]?.body.length)
  })
})

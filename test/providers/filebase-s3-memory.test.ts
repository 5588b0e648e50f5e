/**
 * What a multipart upload holds in memory, in a fresh process (so the figure is its own): each
 * worker reads its parts into one buffer it reuses, so the bytes in ArrayBuffers stay near
 * `concurrency × part size` (32 MiB) however large the CAR. Streaming each part from the file, as
 * before, allocated a fresh 1 MiB buffer per read that only V8's next full collection freed: 60–140
 * MB of them at the peak of a 512 MiB upload, 160–260 MB RSS in the benchmark.
 *
 * The store here is a minimal S3 on 127.0.0.1 in the test's own process: it hashes every part as
 * it arrives, and the test compares those hashes with the file's ranges, so a buffer reused too
 * early (a part sent with the next part's bytes) fails here.
 */
import { spawn } from 'node:child_process'
import { createHash, randomFillSync } from 'node:crypto'
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const MIB = 1 << 20
const SIZE = 96 * MIB
const PART = 8 * MIB
const CONCURRENCY = 4
const ROOT_CID = 'bafkreiadsbmmn4waznesyuz3bjgrj33xzqhxrk6mz3ksq7meugrachh3qe'
/** The parts in flight, plus what one process's sockets and reads hold besides (a few MiB). */
const BOUND = CONCURRENCY * PART + 6 * MIB

let dir: string
let file: string
let server: Server
let url: string
const parts = new Map<number, string>()

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 's3mem-'))
  file = path.join(dir, 'big.car')
  const fd = openSync(file, 'w')
  const chunk = Buffer.alloc(MIB)
  for (let i = 0; i < SIZE / MIB; i++) writeSync(fd, randomFillSync(chunk))
  closeSync(fd)
  server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams
    const hash = createHash('sha256')
    req.on('data', (c: Buffer) => hash.update(c))
    req.on('end', () => {
      if (req.method === 'PUT' && q.has('partNumber')) {
        parts.set(Number(q.get('partNumber')), hash.digest('hex'))
        res.writeHead(200, { etag: `"p${q.get('partNumber')}"` }).end()
      } else if (req.method === 'POST' && q.has('uploads'))
        res.end(
          '<InitiateMultipartUploadResult><UploadId>u1</UploadId></InitiateMultipartUploadResult>',
        )
      else if (req.method === 'POST' && q.has('uploadId'))
        res.end('<CompleteMultipartUploadResult><ETag>"c"</ETag></CompleteMultipartUploadResult>')
      else if (req.method === 'HEAD') res.writeHead(200, { 'x-amz-meta-cid': ROOT_CID }).end()
      else res.writeHead(400).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

/** Uploads the file from a child process; its peak ArrayBuffer bytes, sampled every 2 ms. */
async function peakArrayBuffers(signPayload: boolean): Promise<number> {
  const script = `
    import { CID } from 'multiformats/cid'
    import { createFilebaseS3Provider } from './src/providers/filebase-s3.ts'
    import { DEFAULT_RETRY } from './src/http/retry.ts'
    let peak = 0
    const sample = () => { peak = Math.max(peak, process.memoryUsage().arrayBuffers) }
    const timer = setInterval(sample, 2)
    const p = createFilebaseS3Provider({ id: 'filebase-s3', endpoint: ${JSON.stringify(url)},
      region: 'us-east-1', bucket: 'b', keys: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      signPayload: ${String(signPayload)}, multipartAbove: ${PART}, partSize: ${PART}, concurrency: ${CONCURRENCY} },
      { stallMs: 60000, retry: { ...DEFAULT_RETRY, retries: 0 }, redact: (t) => t, setSecret: () => {} })
    const info = await p.uploadCar({ path: ${JSON.stringify(file)}, size: ${SIZE},
      root: CID.parse(${JSON.stringify(ROOT_CID)}) }, { name: 'mem', metadata: {} })
    clearInterval(timer)
    sample()
    console.log(JSON.stringify({ cid: info.cid, peak }))
  `
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr.on('data', (c: Buffer) => (err += c.toString()))
  const code = await new Promise((resolve) => child.on('close', resolve))
  expect(err).toBe('')
  expect(code).toBe(0)
  const r = JSON.parse(out) as { cid: string; peak: number }
  expect(r.cid).toBe(ROOT_CID)
  return r.peak
}

/** The SHA-256 of each part's byte range of the file. */
function expectedParts(): Map<number, string> {
  const want = new Map<number, string>()
  const fd = openSync(file, 'r')
  const buf = Buffer.alloc(PART)
  for (let i = 0; i * PART < SIZE; i++) {
    const n = readSync(fd, buf, 0, PART, i * PART)
    want.set(i + 1, createHash('sha256').update(buf.subarray(0, n)).digest('hex'))
  }
  closeSync(fd)
  return want
}

describe('filebase-s3 multipart memory', () => {
  for (const signPayload of [false, true])
    it(`holds about concurrency × part size, not the CAR (${signPayload ? 'signed' : 'UNSIGNED-PAYLOAD'})`, async () => {
      parts.clear()
      const peak = await peakArrayBuffers(signPayload)
      // 12 parts over 4 workers: each buffer is reused twice, and every part arrived intact.
      expect(parts).toEqual(expectedParts())
      expect(peak).toBeGreaterThanOrEqual(CONCURRENCY * PART)
      expect(peak).toBeLessThanOrEqual(BOUND)
    }, 120_000)
})

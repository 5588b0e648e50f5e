/**
 * One upload measurement in a fresh process (so peak RSS is its own). Prints one JSON line:
 * { seconds, maxRssMiB, bytes }.
 *
 *   upload-worker raw       <car> <url>   single-stream POST of the CAR file (the CAR baseline)
 *   upload-worker kubo      <car> <url>   the Kubo provider's dag/import upload
 *   upload-worker cluster   <car> <url>   the Cluster provider's /add?format=car upload
 *   upload-worker filebase-s3 <car> <url> the Filebase S3 provider (PUT, or multipart above 100 MiB:
 *                                         8 MiB parts, 4 in flight, each read into a reused
 *                                         buffer; UNSIGNED-PAYLOAD as over https)
 *   upload-worker pinata-v3 <car> <url>   the Pinata v3 provider (multipart POST, TUS above 90 MiB)
 *   upload-worker multipart <dir> <url>   a raw streamed multipart POST of the files, one part
 *                                         per file read whole (the file-upload baseline)
 *   upload-worker pinata    <dir> <url>   the Pinata provider's pinFileToIPFS upload
 *   upload-worker aioz      <dir> <url>   the AIOZ provider's file upload
 *
 * File uploads include what the product does before sending: collecting the files and
 * measuring them (`fileUpload`). The baseline walks and measures the same files.
 */
import { randomBytes } from 'node:crypto'
import { createReadStream, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { CarBlockIterator } from '@ipld/car/iterator'
import { request } from 'undici'
import { collect } from '../src/content/collect.js'
import { PROFILES } from '../src/content/profiles.js'
import { DEFAULT_RETRY } from '../src/http/retry.js'
import { createAiozProvider } from '../src/providers/aioz.js'
import { createClusterProvider } from '../src/providers/cluster.js'
import { fileUpload } from '../src/providers/files.js'
import { createKuboProvider } from '../src/providers/kubo.js'
import { createPinataProvider } from '../src/providers/pinata.js'
import { createFilebaseS3Provider } from '../src/providers/filebase-s3.js'
import { createPinataV3Provider } from '../src/providers/pinata-v3.js'

const [mode, source, url, expected] = process.argv.slice(2)
if (mode === undefined || source === undefined || url === undefined)
  throw new Error('usage: upload-worker <mode> <car|dir> <url> [cid]')

const deps = {
  stallMs: 120_000,
  retry: { ...DEFAULT_RETRY, retries: 0 },
  redact: (t: string) => t,
  setSecret: () => undefined,
}
const TAGS = { name: 'bench', metadata: {} }

async function carRoot(car: string): Promise<string> {
  // The root, from the CAR header (a few bytes: the iterator reads lazily).
  const it = await CarBlockIterator.fromIterable(createReadStream(car, { start: 0, end: 4095 }))
  const root = (await it.getRoots())[0]
  if (root === undefined) throw new Error('CAR without a root')
  return root.toString()
}

function walk(dir: string, rel: string, out: { rel: string; abs: string; size: number }[]): void {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, d.name)
    const r = rel === '' ? d.name : `${rel}/${d.name}`
    if (d.isDirectory()) walk(abs, r, out)
    else out.push({ rel: r, abs, size: statSync(abs).size })
  }
}

const t0 = performance.now()
let bytes = 0
if (mode === 'raw') {
  bytes = statSync(source).size
  const res = await request(`${url}/raw`, {
    method: 'POST',
    body: createReadStream(source, { highWaterMark: 1 << 20 }),
    headers: { 'content-length': String(bytes) },
  })
  await res.body.text()
} else if (mode === 'kubo' || mode === 'cluster') {
  bytes = statSync(source).size
  const root = await carRoot(source)
  const provider =
    mode === 'kubo'
      ? createKuboProvider({ id: 'kubo', url }, deps)
      : createClusterProvider({ id: 'cluster', url }, deps)
  const { CID } = await import('multiformats/cid')
  const info = await provider.uploadCar?.(
    { path: source, size: bytes, root: CID.parse(root) },
    TAGS,
  )
  if (info?.cid !== root) throw new Error(`unexpected answer ${JSON.stringify(info)}`)
} else if (mode === 'filebase-s3' || mode === 'pinata-v3') {
  bytes = statSync(source).size
  const root = await carRoot(source)
  const provider =
    mode === 'filebase-s3'
      ? createFilebaseS3Provider(
          {
            id: 'filebase-s3',
            endpoint: url,
            region: 'us-east-1',
            bucket: 'bench',
            keys: { accessKeyId: 'BENCHKEY', secretAccessKey: 'bench-secret' },
            // What users get over https (the sink is plain http, where bodies are signed).
            signPayload: false,
          },
          deps,
        )
      : createPinataV3Provider(
          { id: 'pinata-v3', apiUrl: url, uploadsUrl: url, jwt: 'bench', tusAbove: Infinity },
          deps,
        )
  const { CID } = await import('multiformats/cid')
  const tags = {
    name: 'bench',
    metadata: { 'ipfs-pin.scope': 'bench@production', 'ipfs-pin.time': new Date().toISOString() },
  }
  const info = await provider.uploadCar?.(
    { path: source, size: bytes, root: CID.parse(root) },
    tags,
  )
  if (info?.cid !== root) throw new Error(`unexpected answer ${JSON.stringify(info)}`)
} else if (mode === 'multipart') {
  const files: { rel: string; abs: string; size: number }[] = []
  walk(source, '', files)
  const boundary = `----bench-${randomBytes(12).toString('hex')}`
  const name = path.basename(source)
  const head = (rel: string): Buffer =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}/${rel}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    )
  const tail = Buffer.from(`--${boundary}--\r\n`)
  const length = files.reduce((n, f) => n + head(f.rel).length + f.size + 2, 0) + tail.length
  const body = Readable.from(
    (function* () {
      for (const f of files)
        yield Buffer.concat([head(f.rel), readFileSync(f.abs), Buffer.from('\r\n')])
      yield tail
    })(),
  )
  const res = await request(`${url}/multipart`, {
    method: 'POST',
    body,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(length),
    },
  })
  await res.body.text()
  bytes = files.reduce((n, f) => n + f.size, 0)
} else if (mode === 'pinata' || mode === 'aioz') {
  if (expected === undefined) throw new Error(`${mode} needs the CID the sink answers with`)
  const apiUrl = `${url}/cid/${expected}`
  const c = await collect({ path: source, include: [], exclude: [], hiddenFiles: 'include' })
  const upload = await fileUpload(c, PROFILES['kubo-cid-v1'], false)
  bytes = upload.files.reduce((n, f) => n + f.size, 0)
  const provider =
    mode === 'pinata'
      ? createPinataProvider({ id: 'pinata', apiUrl, auth: { jwt: 'bench' } }, deps)
      : createAiozProvider({ id: 'aioz', apiUrl, apiKey: 'k', secretKey: 's' }, deps)
  const info = await provider.uploadFiles?.({ ...upload, expected }, TAGS)
  if (info?.cid !== expected) throw new Error(`unexpected answer ${JSON.stringify(info)}`)
} else throw new Error(`unknown mode ${mode}`)
const seconds = (performance.now() - t0) / 1000
console.log(JSON.stringify({ seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, bytes }))

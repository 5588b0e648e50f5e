/**
 * One upload measurement in a fresh process (so peak RSS is its own). Prints one JSON line.
 *
 *   upload-worker raw     <car> <url>   single-stream POST of the CAR file (the baseline)
 *   upload-worker kubo    <car> <url>   the Kubo provider's dag/import upload
 *   upload-worker cluster <car> <url>   the Cluster provider's /add?format=car upload
 */
import { createReadStream, statSync } from 'node:fs'
import { CarBlockIterator } from '@ipld/car/iterator'
import { request } from 'undici'
import { DEFAULT_RETRY } from '../src/http/retry.js'
import { createClusterProvider } from '../src/providers/cluster.js'
import { createKuboProvider } from '../src/providers/kubo.js'

const [mode, car, url] = process.argv.slice(2)
if (mode === undefined || car === undefined || url === undefined)
  throw new Error('usage: upload-worker raw|kubo|cluster <car> <url>')
const size = statSync(car).size
// The root, from the CAR header (a few bytes: the iterator reads lazily).
const it = await CarBlockIterator.fromIterable(createReadStream(car, { start: 0, end: 4095 }))
const root = (await it.getRoots())[0]
if (root === undefined) throw new Error('CAR without a root')

const deps = {
  stallMs: 120_000,
  retry: { ...DEFAULT_RETRY, retries: 0 },
  redact: (t: string) => t,
  setSecret: () => undefined,
}
const t0 = performance.now()
if (mode === 'raw') {
  const res = await request(`${url}/raw`, {
    method: 'POST',
    body: createReadStream(car, { highWaterMark: 1 << 20 }),
    headers: { 'content-length': String(size) },
  })
  await res.body.text()
} else {
  const provider =
    mode === 'kubo'
      ? createKuboProvider({ id: 'kubo', url }, deps)
      : createClusterProvider({ id: 'cluster', url }, deps)
  const info = await provider.uploadCar?.(
    { path: car, size, root },
    { name: 'bench', metadata: {} },
  )
  if (info?.cid !== root.toString()) throw new Error(`unexpected answer ${JSON.stringify(info)}`)
}
const seconds = (performance.now() - t0) / 1000
console.log(
  JSON.stringify({ seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, bytes: size }),
)

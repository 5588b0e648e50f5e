/**
 * Measures the windows that remain without a `concurrency` group (docs/concurrency.md#windows):
 * how long, as the service sees it, between a run's last read and the write it bases on it.
 *
 *   npx tsx test/concurrency/windows.ts [iterations]
 *
 * Against the local doubles on loopback, for each provider family that keeps labels: a release
 * with `keep: 1` and a DNSLink name, after one earlier release, so that its cleanup unpins one
 * CID. For each window it prints the requests the run made inside it (none but the write is the
 * point: the window is one round trip to the service) and the time, median and worst, on this
 * machine. On a real service the window is one round trip from the runner to its API.
 */
import { performance } from 'node:perf_hooks'
import { startCloudflareDouble } from '../doubles/cloudflare.js'
import { scratch } from '../support/fs-tree.js'
import { traffic, type Match, type Traced } from '../support/interleave.js'
import type { TestServer } from '../support/server.js'
import { envOf, start, startFamily, type Family } from './world.js'

const iterations = Number(process.argv[2] ?? 20)
const tmp = scratch('concurrency-windows')
const CF_TOKEN = 'windows-cf-token'

interface Event {
  at: number
  kind: 'arrived' | 'answered'
  r: Traced
}

/** Records every request of every run with a time, on top of the traffic's own watch. */
function timed(servers: Array<[TestServer, string]>): Event[] {
  const events: Event[] = []
  for (const [server, service] of servers) {
    const inner = server.watch
    server.watch = (s, kind) => {
      events.push({ at: performance.now(), kind, r: { ...s, run: s.via ?? '', service } })
      inner?.(s, kind)
    }
  }
  return events
}

/** From the answer to the last `read` before the first `write`, to the write's arrival. */
function gap(events: Event[], read: Match, write: Match): { ms: number; between: string[] } {
  const w = events.findIndex((e) => e.kind === 'arrived' && write(e.r))
  if (w < 0) throw new Error('the write never came')
  let r = -1
  for (let i = w - 1; i >= 0; i--)
    if (events[i]?.kind === 'answered' && read((events[i] as Event).r)) {
      r = i
      break
    }
  if (r < 0) throw new Error('no read before the write')
  const between = events
    .slice(r + 1, w)
    .filter((e) => e.kind === 'arrived' && e.r.run === 'B')
    .map((e) => `${e.r.service} ${e.r.method} ${e.r.path}`)
  return { ms: (events[w] as Event).at - (events[r] as Event).at, between }
}

/** From the first answer to `write`, to the next arrival of `read` (the read-back). */
function after(events: Event[], write: Match, read: Match): { ms: number; between: string[] } {
  const w = events.findIndex((e) => e.kind === 'answered' && write(e.r))
  const r = events.findIndex((e, i) => i > w && e.kind === 'arrived' && read(e.r))
  if (w < 0 || r < 0) throw new Error('no write, or no read back after it')
  const between = events
    .slice(w + 1, r)
    .filter((e) => e.kind === 'arrived' && e.r.run === 'B')
    .map((e) => `${e.r.service} ${e.r.method} ${e.r.path}`)
  return { ms: (events[r] as Event).at - (events[w] as Event).at, between }
}

const stats = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b)
  const median = s[Math.floor(s.length / 2)] ?? NaN
  return `median ${median.toFixed(2)} ms, worst ${(s[s.length - 1] ?? NaN).toFixed(2)} ms`
}

async function measure(name: Family['name']): Promise<void> {
  const windows = new Map<string, { ms: number[]; between: Set<string> }>()
  const add = (label: string, g: { ms: number; between: string[] }): void => {
    const w = windows.get(label) ?? { ms: [], between: new Set<string>() }
    w.ms.push(g.ms)
    w.between.add(g.between.join(', ') || 'none')
    windows.set(label, w)
  }
  for (let i = 0; i < iterations; i++) {
    const f = await startFamily(name, tmp)
    const cf = await startCloudflareDouble({ token: CF_TOKEN, zones: ['example.org'] })
    try {
      const t = traffic()
      const names = async (run: string) => ({
        dnslink: 'example.org',
        'dns-provider': 'cloudflare',
        'cloudflare-token': CF_TOKEN,
        'cloudflare-api-url': `${await t.url(cf.server, 'dns', run)}/client/v4`,
      })
      const release = async (run: string, version: string, minute: number) =>
        start(
          tmp,
          t,
          run,
          {
            ...(await f.inputs(run, t)),
            ...(await names(run)),
            ...f.content(version),
            'unpin-previous': 'true',
            keep: '1',
          },
          envOf(run),
          minute,
        )
      // Every alias first: the traffic wires its watch in then, and `timed` goes on top of it.
      await Promise.all(['R1', 'B'].map((r) => Promise.all([f.inputs(r, t), names(r)])))
      const events = timed([
        [f.server, name],
        [cf.server, 'dns'],
      ])
      await release('R1', 'v1', 0)
      const b = await release('B', 'v2', 10)
      if (b.error !== undefined) throw b.error
      add('cleanup: claims read again → unpin', gap(events, f.readCid('B'), f.release('B')))
      const dnsRead: Match = (r) => r.run === 'B' && r.service === 'dns' && r.method === 'GET'
      add('cleanup: names read again → unpin', gap(events, dnsRead, f.release('B')))
      if (name !== 'psa')
        add('deploy: labels written → read back', after(events, f.write('B'), f.readCid('B')))
      const nameWrite: Match = (r) =>
        r.run === 'B' && r.service === 'dns' && ['POST', 'PATCH', 'PUT'].includes(r.method)
      add(
        'names: later deployments listed → name written',
        gap(events, f.listScope('B'), nameWrite),
      )
    } finally {
      await Promise.all([f.close(), cf.close()])
    }
  }
  for (const [label, w] of windows)
    console.log(
      `${name.padEnd(8)} ${label.padEnd(48)} ${stats(w.ms)}; requests of the run inside: ${[...w.between].join(' | ')}`,
    )
}

try {
  for (const name of ['pinata', 'cluster', 'psa'] as const) await measure(name)
} finally {
  tmp.remove()
}

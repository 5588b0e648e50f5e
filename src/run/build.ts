/**
 * The deploy phase of a run: `path` (collect, build the DAG and CAR locally, hand it to the
 * providers) or `cid` (pin content already on the network), and what it leaves for the rest of
 * the run (outputs, summary, results, the CIDs deployed).
 */
import type { CID } from 'multiformats/cid'
import type { Config } from '../config/types.js'
import type { BlockIndex } from '../content/block-index.js'
import { writeCar, type CarResult } from '../content/car.js'
import { collect, type Collection } from '../content/collect.js'
import type { ImportProgress } from '../content/dag.js'
import { deployAll, type ProviderResult } from './upload.js'
import type { Host } from '../io.js'
import { notUploadableAsFiles } from '../providers/files.js'
import type { PinTags } from '../providers/types.js'
import {
  code,
  formatBytes,
  formatDuration,
  gatewayLinks,
  renderPinSummary,
  renderSummary,
} from './summary.js'
import type { Session } from '../http/session.js'
import type { RunPlan } from './plan.js'
import {
  buildLine,
  intervalTicker,
  totalBytes,
  uploadLine,
  type Ticker,
  type Transfer,
} from './progress.js'
import { countOf, shown } from '../text.js'

export interface PublishOptions {
  /** How often a progress line is logged during long imports and uploads. */
  readonly progressIntervalMs?: number
  /** What calls for progress lines (tests drive it); every `progressIntervalMs` otherwise. */
  readonly ticker?: Ticker
  readonly now?: () => number
}

/** What a phase of the run leaves for the common tail (cleanup, outputs, summary, feedback). */
export interface Phase {
  readonly outputs: Record<string, string>
  summary: string
  readonly results: ProviderResult[]
  /** The CIDs this run deployed (never unpinned by its cleanup). */
  readonly deployed: string[]
  readonly subdomainUrl?: string
  failure?: string
  /** The root deployed, and the index of its blocks when it was built here (retrieval check). */
  readonly root?: CID
  readonly index?: BlockIndex
}

const OUTPUT_NAMES = [
  'cid',
  'cid-v1',
  'size',
  'files',
  'car-path',
  'car-size',
  'gateway-url',
  'results',
  'unpinned',
  'dnslink',
  'dnslink-url',
  'ipns-name',
  'ipns-url',
  'ipns-path-url',
  'ipns',
] as const

export function emptyPhase(config: Config): Phase {
  const outputs: Record<string, string> = Object.fromEntries(OUTPUT_NAMES.map((n) => [n, '']))
  outputs.results = '[]'
  outputs.unpinned = '[]'
  outputs.dnslink = '[]'
  return {
    outputs,
    summary:
      config.mode === 'republish'
        ? `### 🔁 IPNS republish\n\n`
        : `### 🧹 IPFS cleanup: scope ${code(config.naming.scope)}\n\n`,
    results: [],
    deployed: [],
  }
}

/** `path`: collect, build the DAG and CAR locally, hand it to the providers. */
export async function publish(
  config: Config,
  plan: RunPlan,
  content: Extract<Config['content'], { kind: 'path' }>,
  host: Host,
  tags: PinTags | undefined,
  opts: PublishOptions,
  session: Session,
): Promise<Phase> {
  const now = opts.now ?? (() => performance.now())
  const started = now()

  host.info(`Collecting ${content.path}`)
  const collection = await collect(content)
  reportSkipped(host, collection)
  // Providers that build the DAG from uploaded files cannot carry everything a CAR can.
  const takesFiles = config.providers.find((p) => p.descriptor.traits.serverImport !== undefined)
  if (takesFiles !== undefined) {
    const problem = notUploadableAsFiles(collection, takesFiles.id)
    if (problem !== undefined) throw problem
  }

  const ticker = opts.ticker ?? intervalTicker(opts.progressIntervalMs ?? 10_000)
  const progress: ImportProgress = { files: 0, bytes: 0 }
  const stop = buildProgress(host, progress, collection, ticker, now)
  let car: CarResult
  try {
    car = await writeCar(collection, content.params, content.carTarget, {
      wrapWithDirectory: content.wrapWithDirectory,
      progress,
      ...(content.carPathGiven !== '' ? { asked: content.carPathGiven } : {}),
    })
  } finally {
    stop()
  }
  const seconds = (now() - started) / 1000
  const cid = car.root.toString()
  const links = gatewayLinks(config.report.gateway, car.root)
  host.info(
    `CID ${cid} (${content.profile}${content.wrapWithDirectory ? ', wrapped' : ''}): ${countOf(car.files, 'file')}, ${formatBytes(car.bytes)}; CAR ${formatBytes(car.carSize)} at ${car.carPath}; ${formatDuration(seconds)}`,
  )
  host.info(`Gateway: ${links.path}`)

  const outputs: Record<string, string> = {
    cid: cid,
    'cid-v1': car.root.toV1().toString(),
    size: String(car.bytes),
    files: String(car.files),
    'car-path': car.carPath,
    'car-size': String(car.carSize),
    'gateway-url': links.path,
    results: '[]',
    unpinned: '[]',
    dnslink: '[]',
    'dnslink-url': '',
  }
  let results: ProviderResult[] = []
  let failure: string | undefined
  if (tags !== undefined) {
    const transfers: Transfer[] = []
    const stopUploads = ticker(() => {
      for (const t of transfers) if (t.done !== true) host.info(uploadLine(t, session.clock.now()))
    })
    try {
      ;({ results, failure } = await deployAll(
        config,
        plan.dryRun,
        { kind: 'upload', car, collection },
        host,
        tags,
        session,
        transfers,
      ))
    } finally {
      stopUploads()
    }
    outputs.results = JSON.stringify(results)
  }
  const summary = renderSummary({
    config,
    dryRun: plan.dryRun,
    content,
    collection,
    car,
    links,
    seconds: (now() - started) / 1000,
    results,
  })
  return {
    outputs,
    summary,
    results,
    deployed: [cid],
    root: car.root,
    ...(car.index !== undefined ? { index: car.index } : {}),
    ...(links.subdomain !== undefined ? { subdomainUrl: links.subdomain } : {}),
    ...(failure !== undefined ? { failure } : {}),
  }
}

/** `cid` input: pin content already on the network on every provider; no CAR, no files. */
export async function pinCids(
  config: Config,
  plan: RunPlan,
  cids: readonly CID[],
  host: Host,
  tags: PinTags,
  session: Session,
): Promise<Phase> {
  const first = cids[0]
  if (first === undefined) throw new Error('no CID to pin')
  const links = gatewayLinks(config.report.gateway, first)
  const { results, failure } = await deployAll(
    config,
    plan.dryRun,
    { kind: 'pin', cids },
    host,
    tags,
    session,
  )
  const outputs: Record<string, string> = {
    cid: first.toString(),
    'cid-v1': first.toV1().toString(),
    size: '',
    files: '',
    'car-path': '',
    'car-size': '',
    'gateway-url': links.path,
    results: JSON.stringify(results),
    unpinned: '[]',
    dnslink: '[]',
    'dnslink-url': '',
  }
  return {
    outputs,
    summary: renderPinSummary({ cids, links, results, dryRun: plan.dryRun }),
    results,
    deployed: cids.map((c) => c.toString()),
    root: first,
    ...(links.subdomain !== undefined ? { subdomainUrl: links.subdomain } : {}),
    ...(failure !== undefined ? { failure } : {}),
  }
}

function reportSkipped(host: Host, collection: Collection): void {
  if (collection.skipped.length === 0) return
  const why = {
    sensitive: 'never published unless named in "include"',
    hidden: 'hidden-files: exclude',
    excluded: 'matched "exclude"',
  }
  host.info(
    `Skipped ${collection.skipped.length} entr${collection.skipped.length === 1 ? 'y' : 'ies'}:`,
  )
  for (const s of collection.skipped.slice(0, 20))
    host.info(`  ${shown(s.rel + (s.dir ? '/' : ''))} (${why[s.reason]})`)
  if (collection.skipped.length > 20)
    host.info(`  … and ${collection.skipped.length - 20} more (see the job summary)`)
}

/** Largest collection whose total size the build's progress line measures (docs/performance.md). */
const MEASURED_ENTRIES = 20_000

/**
 * A progress line on every tick while the CAR is built: percent of the bytes once their total is
 * known (measured at once for up to 1,000 entries, else from the first tick on, in the
 * background, up to MEASURED_ENTRIES), files, rate, time left. Returns the stop function.
 */
function buildProgress(
  host: Host,
  p: ImportProgress,
  collection: Collection,
  ticker: Ticker,
  now: () => number,
): () => void {
  const t0 = now()
  let total: number | undefined
  let measuring = false
  const measure = (): void => {
    // An lstat per file costs about 17 µs of CPU through fs/promises: 3.5 s for 200,000 files,
    // half the build's own work. Past MEASURED_ENTRIES the line counts files instead of bytes.
    if (measuring || collection.entries.length > MEASURED_ENTRIES) return
    measuring = true
    void totalBytes(collection.entries).then((n) => {
      total = n
    })
  }
  if (collection.entries.length <= 1000) measure()
  return ticker(() => {
    measure()
    host.info(
      buildLine({
        bytes: p.bytes,
        files: p.files,
        totalFiles: collection.fileCount,
        ...(total !== undefined ? { totalBytes: total } : {}),
        elapsedMs: now() - t0,
      }),
    )
  })
}

/**
 * The deploy phase of a run: `path` (collect, build the DAG and CAR locally, hand it to the
 * providers) or `cid` (pin content already on the network). What it did goes into the run's
 * outcome (src/run/outcome.ts): the content, then the providers' results.
 */
import type { CID } from 'multiformats/cid'
import type { ContentConfig } from '../config/types.js'
import { writeCar, type CarResult } from '../content/car.js'
import { collect, type Collection } from '../content/collect.js'
import type { ImportProgress } from '../content/dag.js'
import { deployAll, type UploadStep } from './upload.js'
import { fail, type Outcome } from './outcome.js'
import type { Host } from '../io.js'
import { notUploadableAsFiles } from '../providers/files.js'
import type { PinTags } from '../providers/types.js'
import { formatBytes, formatDuration, gatewayLinks } from './summary.js'
import type { Session } from '../http/session.js'
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

/** What the build and upload steps need of the plan and the inputs (not the whole Config). */
export interface BuildStep {
  /** The gateway the links point at (`gateway` input). */
  readonly gateway: string
  /** The upload step's part (src/run/upload.ts), dry run included. */
  readonly upload: UploadStep
}

/**
 * `path`: collect, build the DAG and CAR locally, hand it to the providers. The content goes
 * into the outcome as soon as the CAR is written, the providers' results after the upload.
 */
export async function publish(
  step: BuildStep,
  content: Extract<ContentConfig, { kind: 'path' }>,
  host: Host,
  tags: PinTags | undefined,
  opts: PublishOptions,
  session: Session,
  outcome: Outcome,
): Promise<void> {
  const now = opts.now ?? (() => performance.now())
  const started = now()

  host.info(`Collecting ${content.path}`)
  const collection = await collect(content)
  reportSkipped(host, collection)
  // Providers that build the DAG from uploaded files cannot carry everything a CAR can.
  const takesFiles = step.upload.providers.find(
    (p) => p.descriptor.traits.serverImport !== undefined,
  )
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
  const links = gatewayLinks(step.gateway, car.root)
  host.info(
    `CID ${cid} (${content.profile}${content.wrapWithDirectory ? ', wrapped' : ''}): ${countOf(car.files, 'file')}, ${formatBytes(car.bytes)}; CAR ${formatBytes(car.carSize)} at ${car.carPath}; ${formatDuration(seconds)}`,
  )
  host.info(`Gateway: ${links.path}`)

  const built = {
    profile: content.profile,
    params: content.params,
    name: collection.name,
    wrapped: content.wrapWithDirectory,
    files: car.files,
    bytes: car.bytes,
    blocks: car.blocks,
    carPath: car.carPath,
    carSize: car.carSize,
    seconds,
    skipped: collection.skipped,
  }
  outcome.content = {
    root: car.root,
    cids: [car.root],
    gatewayUrl: links.path,
    ...(links.subdomain !== undefined ? { subdomainUrl: links.subdomain } : {}),
    ...(car.index !== undefined ? { index: car.index } : {}),
    built,
  }
  if (tags !== undefined) {
    const transfers: Transfer[] = []
    const stopUploads = ticker(() => {
      for (const t of transfers) if (t.done !== true) host.info(uploadLine(t, session.clock.now()))
    })
    try {
      const { results, failure } = await deployAll(
        step.upload,
        { kind: 'upload', car, collection },
        host,
        tags,
        session,
        transfers,
      )
      outcome.providers = results
      if (failure !== undefined) fail(outcome, failure)
    } finally {
      stopUploads()
    }
  }
  // The summary's time: collecting, building and uploading.
  outcome.content = { ...outcome.content, built: { ...built, seconds: (now() - started) / 1000 } }
}

/** `cid` input: pin content already on the network on every provider; no CAR, no files. */
export async function pinCids(
  step: BuildStep,
  cids: readonly CID[],
  host: Host,
  tags: PinTags,
  session: Session,
  outcome: Outcome,
): Promise<void> {
  const first = cids[0]
  if (first === undefined) throw new Error('no CID to pin')
  const links = gatewayLinks(step.gateway, first)
  outcome.content = {
    root: first,
    cids,
    gatewayUrl: links.path,
    ...(links.subdomain !== undefined ? { subdomainUrl: links.subdomain } : {}),
  }
  const { results, failure } = await deployAll(
    step.upload,
    { kind: 'pin', cids },
    host,
    tags,
    session,
  )
  outcome.providers = results
  if (failure !== undefined) fail(outcome, failure)
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

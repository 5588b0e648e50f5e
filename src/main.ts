/**
 * `run(config, host)`: the whole job, for the action and the CLI alike.
 * Deploy (collect, build the DAG and CAR locally, upload and pin, verify) or pin existing CIDs,
 * then clean up earlier deployments, then set outputs, the summary and GitHub feedback.
 */
import { renderName } from './config/naming.js'
import type { Config } from './config/types.js'
import { deployAll, type ProviderResult } from './deploy.js'
import { collect, type Collection } from './content/collect.js'
import { writeCar, type CarResult } from './content/car.js'
import { notUploadableAsFiles } from './providers/files.js'
import type { ImportProgress } from './content/dag.js'
import { ContentError, InputError, errorMessage } from './errors.js'
import type { Host } from './io.js'
import type { CID } from 'multiformats/cid'
import {
  code,
  formatBytes,
  formatDuration,
  gatewayLinks,
  renderCleanupSummary,
  renderPinSummary,
  renderSummary,
} from './report.js'
import { cleanup, type CleanupReport } from './cleanup/cleanup.js'
import { openSession, type Session } from './session.js'
import { createFeedback, type Feedback } from './github.js'
import { pinTags } from './tags.js'
import { shown } from './text.js'
import type { PinTags } from './providers/types.js'
import type { Clock } from './http/deadline.js'

export interface RunOptions {
  /** How often a progress line is logged during long imports. */
  readonly progressIntervalMs?: number
  readonly now?: () => number
  /** Time for waits, retries and limits (tests drive it; the system clock otherwise). */
  readonly clock?: Clock
}

export interface RunResult {
  readonly cid: string
  readonly outputs: Readonly<Record<string, string>>
}

export async function run(config: Config, host: Host, opts: RunOptions = {}): Promise<RunResult> {
  for (const s of config.secrets) host.setSecret(s)
  if (config.forkSkipped.length > 0)
    host.warning(
      `This pull request comes from a fork, and GitHub gives such runs no secrets: ${config.forkSkipped.join(', ')} skipped. The CID and CAR are still computed. To deploy fork previews, see "Pull requests from forks" in the README.`,
    )
  const now = new Date()
  // The pin name is input too: fail on a template this run cannot fill before any work.
  const tags =
    config.mode === 'deploy' && config.providers.length > 0
      ? pinTags(renderName(config), config, now)
      : undefined

  // One session for all network work of the run: the `timeout` input bounds all of it.
  const session = openSession(
    { ...config.pinning, secrets: config.secrets },
    host,
    opts.clock !== undefined ? { clock: opts.clock } : {},
  )
  try {
    const feedback = createFeedback(config, session, host)
    await feedback?.start()
    let done: Phase
    try {
      done = await phase(config, host, tags, opts, session)
    } catch (err) {
      await feedback?.finish({ ok: false, results: [], problem: session.clean(errorMessage(err)) })
      throw err
    }
    return await finish(config, host, done, feedback, session)
  } finally {
    session.close()
  }
}

async function phase(
  config: Config,
  host: Host,
  tags: PinTags | undefined,
  opts: RunOptions,
  session: Session,
): Promise<Phase> {
  if (config.mode === 'cleanup') return emptyPhase(config)
  if (config.content.kind === 'cid') {
    if (tags === undefined) throw new Error('pinning CIDs needs providers (readConfig checks)')
    return pinCids(config, config.content.cids, host, tags, session)
  }
  if (config.content.kind === 'path')
    return publish(config, config.content, host, tags, opts, session)
  throw new Error(`content kind ${config.content.kind} reached run()`)
}

/** Cleanup, outputs, summary, GitHub feedback; then the step's result. */
async function finish(
  config: Config,
  host: Host,
  done: Phase,
  feedback: Feedback | undefined,
  session: Session,
): Promise<RunResult> {
  // Cleanup: after a deploy only when it succeeded, and only where it did.
  const wantsScope = config.mode === 'cleanup' || config.cleanup.unpinPrevious
  let report: CleanupReport | undefined
  if (done.failure === undefined && (wantsScope || config.cleanup.unpin.length > 0)) {
    const ok = new Set(
      done.results
        .filter((r) => r.status !== 'failed' && r.status !== 'mismatch')
        .map((r) => r.provider),
    )
    report = await cleanup(
      config,
      host,
      {
        ...(wantsScope ? { scope: config.mode === 'cleanup' ? 'all' : 'previous' } : {}),
        current: done.deployed,
        providers: config.providers
          .map((p) => p.id)
          .filter((id) => config.mode === 'cleanup' || ok.has(id)),
      },
      session,
    )
    done.outputs.unpinned = JSON.stringify(report.unpinned)
    done.summary += renderCleanupSummary(report)
    if (report.errors.length > 0) done.failure = report.errors.join('\n')
  } else if (done.failure !== undefined && wantsScope && config.mode === 'deploy')
    host.warning('Earlier deployments were left pinned: this deploy did not succeed.')

  // Outputs and the summary are set even when a provider failed: they say what happened.
  for (const [k, v] of Object.entries(done.outputs)) host.setOutput(k, v)
  if (config.report.summary && done.summary !== '') {
    try {
      await host.writeSummary(done.summary)
    } catch (err) {
      // The summary is a report, not the deliverable: a full disk there must not fail a good deploy.
      host.warning(`Could not write the job summary: ${errorMessage(err)}`)
    }
  }
  if (feedback !== undefined) {
    const cid = done.outputs.cid
    await feedback.finish({
      ok: done.failure === undefined,
      ...(cid !== undefined && cid !== '' ? { cid, gatewayUrl: done.outputs['gateway-url'] } : {}),
      ...(done.subdomainUrl !== undefined ? { subdomainUrl: done.subdomainUrl } : {}),
      ...(done.outputs.size !== undefined && done.outputs.size !== ''
        ? { size: Number(done.outputs.size) }
        : {}),
      results: done.results,
      ...(report !== undefined ? { cleanup: report } : {}),
      ...(done.failure !== undefined ? { problem: done.failure.split('\n')[0] } : {}),
    })
    for (const e of feedback.errors) host.error(e)
    if (feedback.errors.length > 0 && done.failure === undefined)
      done.failure = feedback.errors.join('\n')
  }
  if (done.failure !== undefined) throw new DeployError(done.failure)
  return { cid: done.outputs.cid ?? '', outputs: done.outputs }
}

/** What a phase of the run leaves for the common tail (cleanup, outputs, summary, feedback). */
interface Phase {
  readonly outputs: Record<string, string>
  summary: string
  readonly results: ProviderResult[]
  /** The CIDs this run deployed (never unpinned by its cleanup). */
  readonly deployed: string[]
  readonly subdomainUrl?: string
  failure?: string
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
] as const

function emptyPhase(config: Config): Phase {
  const outputs: Record<string, string> = Object.fromEntries(OUTPUT_NAMES.map((n) => [n, '']))
  outputs.results = '[]'
  outputs.unpinned = '[]'
  return {
    outputs,
    summary: `### 🧹 IPFS cleanup: scope ${code(config.naming.scope)}\n\n`,
    results: [],
    deployed: [],
  }
}

/** `path`: collect, build the DAG and CAR locally, hand it to the providers. */
async function publish(
  config: Config,
  content: Extract<Config['content'], { kind: 'path' }>,
  host: Host,
  tags: PinTags | undefined,
  opts: RunOptions,
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

  const progress: ImportProgress = { files: 0, bytes: 0 }
  const stop = startProgress(
    host,
    progress,
    collection.fileCount,
    opts.progressIntervalMs ?? 10_000,
    now,
  )
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
    `CID ${cid} (${content.profile}${content.wrapWithDirectory ? ', wrapped' : ''}): ${car.files} files, ${formatBytes(car.bytes)}; CAR ${formatBytes(car.carSize)} at ${car.carPath}; ${formatDuration(seconds)}`,
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
  }
  let results: ProviderResult[] = []
  let failure: string | undefined
  if (tags !== undefined) {
    ;({ results, failure } = await deployAll(
      config,
      { kind: 'upload', car, collection },
      host,
      tags,
      session,
    ))
    outputs.results = JSON.stringify(results)
  }
  const summary = renderSummary({
    config,
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
    ...(links.subdomain !== undefined ? { subdomainUrl: links.subdomain } : {}),
    ...(failure !== undefined ? { failure } : {}),
  }
}

/** `cid` input: pin content already on the network on every provider; no CAR, no files. */
async function pinCids(
  config: Config,
  cids: readonly CID[],
  host: Host,
  tags: PinTags,
  session: Session,
): Promise<Phase> {
  const first = cids[0]
  if (first === undefined) throw new Error('no CID to pin')
  const links = gatewayLinks(config.report.gateway, first)
  const { results, failure } = await deployAll(config, { kind: 'pin', cids }, host, tags, session)
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
  }
  return {
    outputs,
    summary: renderPinSummary({ cids, links, results, dryRun: config.cleanup.dryRun }),
    results,
    deployed: cids.map((c) => c.toString()),
    ...(links.subdomain !== undefined ? { subdomainUrl: links.subdomain } : {}),
    ...(failure !== undefined ? { failure } : {}),
  }
}

/** Providers failed as the `required-providers` policy does not allow. */
export class DeployError extends Error {
  override readonly name: string = 'DeployError'
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

/** Logs files and bytes done and the rate every `intervalMs`; returns the stop function. */
function startProgress(
  host: Host,
  p: ImportProgress,
  totalFiles: number,
  intervalMs: number,
  now: () => number,
): () => void {
  const t0 = now()
  const timer = setInterval(() => {
    const s = (now() - t0) / 1000
    host.info(
      `Progress: ${p.files.toLocaleString('en-US')}/${totalFiles.toLocaleString('en-US')} files, ${formatBytes(p.bytes)} read, ${formatBytes(s > 0 ? p.bytes / s : 0)}/s`,
    )
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}

/** The one place a failure becomes a message: no stack for expected errors, the cause in `detail`. */
export function describeFailure(err: unknown): {
  message: string
  detail?: string
  input: boolean
} {
  if (err instanceof InputError || err instanceof ContentError || err instanceof DeployError) {
    const cause = err.cause instanceof Error ? `cause: ${err.cause.message}` : undefined
    return { message: err.message, detail: cause, input: err instanceof InputError }
  }
  if (err instanceof Error) return { message: err.message, detail: err.stack, input: false }
  return { message: String(err), input: false }
}

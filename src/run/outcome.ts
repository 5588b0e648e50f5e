/**
 * The outcome of a run: one typed record that the steps fill in as they go (build: the content;
 * upload: the providers' results; go-live: the retrieval check and each name kind; cleanup:
 * what it unpinned; feedback: what GitHub refused; and the failure, wherever it happened). The
 * step's outputs (`outputsOf`, here), the job summary (`renderJobSummary`, src/run/summary.ts)
 * and the pull-request comment (`commentBody`, src/run/feedback.ts) are views of it, each
 * rendered in one place, and written on every path, failures included (src/run/run.ts).
 */
import type { CID } from 'multiformats/cid'
import type { GatewayResult } from '../check/retrieval.js'
import type { CleanupReport } from '../cleanup/cleanup.js'
import { describeMayChange, type Mode } from '../config/may-change.js'
import type { BlockIndex } from '../content/block-index.js'
import type { Skipped } from '../content/collect.js'
import type { ImportParams } from '../content/profiles.js'
import type { OutputName } from '../inputs/action-spec.generated.js'
import type { NameResults } from '../names/kind.js'
import type { RunPlan } from './plan.js'
import type { ProviderResult } from './upload.js'

/** What a folder built here was: the facts the summary shows and the outputs carry. */
export interface BuiltContent {
  readonly profile: string
  readonly params: ImportParams
  /** The collected folder's name. */
  readonly name: string
  readonly wrapped: boolean
  readonly files: number
  readonly bytes: number
  readonly blocks: number
  readonly carPath: string
  readonly carSize: number
  /** Collecting and building, in seconds. */
  readonly seconds: number
  readonly skipped: readonly Skipped[]
}

/** The content of a deploy, known once it was built (path) or parsed (cid). */
export interface ContentOutcome {
  /** The root (the first CID given in `cid`). */
  readonly root: CID
  /** Every CID this run deployed (never unpinned by its cleanup). */
  readonly cids: readonly CID[]
  /** The index of the blocks, when built here (the retrieval check reads it). */
  readonly index?: BlockIndex
  readonly gatewayUrl: string
  readonly subdomainUrl?: string
  /** Set when the content was built here (`path`); absent for CIDs given in `cid`. */
  readonly built?: BuiltContent
}

export interface Outcome {
  /** From the plan. */
  readonly mode: Mode
  readonly dryRun: boolean
  readonly scope: string
  /** How many providers the inputs configure (0: the CID was computed offline). */
  readonly configured: number
  /** What this run may change, as the summary lists it (the plan's `may`). */
  readonly may: ReadonlyArray<readonly [string, string]>
  content?: ContentOutcome
  /** One result per provider (and CID), in input order. */
  providers: ProviderResult[]
  /** The retrieval check, one result per gateway. */
  checks: GatewayResult[]
  /** Why a retrieval check the inputs ask for did not run. */
  checkSkipped?: string
  /** Whether the names step ran (its sections of the summary are shown then). */
  namesRan: boolean
  /** Each name kind's results (src/names/kind.ts), and the IPNS name when a key is set. */
  names: NameResults & { ipnsName?: string }
  cleanup?: CleanupReport
  /** What GitHub refused (each names the missing permission when that is the cause). */
  feedback: { errors: string[] }
  /** `mode: rollback` (the target is `content`). */
  rollback?: {
    /** The deployment the names pointed to before. */
    readonly from?: string
    /** The target's commit, when the history knows it (its GitHub Deployment's ref). */
    readonly sha?: string
    /**
     * `live`: the names point to the target; `failed`: setting them failed part way, so some
     * may; `refused`: stopped before any name changed.
     */
    readonly state: 'live' | 'failed' | 'refused'
  }
  /** The scope's deployments (docs/rollback.md#history): the output and the summary's section. */
  history?: { readonly output: string; readonly markdown: string }
  /** Why the run fails, when it does (one reason a line). */
  failure?: string
}

/** The outcome before any step ran. */
export function startOutcome(
  plan: Pick<RunPlan, 'mode' | 'dryRun' | 'may'>,
  run: { readonly scope: string; readonly configured: number; readonly ipnsName?: string },
): Outcome {
  return {
    mode: plan.mode,
    dryRun: plan.dryRun,
    scope: run.scope,
    configured: run.configured,
    may: describeMayChange(plan.may),
    providers: [],
    checks: [],
    namesRan: false,
    names: { dnslink: [], ...(run.ipnsName !== undefined ? { ipnsName: run.ipnsName } : {}) },
    feedback: { errors: [] },
  }
}

/** Adds a reason the run fails (kept in order, one a line). */
export function fail(o: Outcome, why: string): void {
  o.failure = o.failure === undefined ? why : `${o.failure}\n${why}`
}

/** The first line of the failure: what the headline, the status and the comment quote. */
export const firstLine = (failure: string | undefined): string | undefined =>
  failure === undefined ? undefined : (failure.split('\n')[0] ?? '')

/** The first CID as given, and the best link: the site at its name, else the gateway. */
export function bestUrl(o: Outcome): string | undefined {
  const dnslink = o.names.dnslink.find((c) => c.url !== undefined)?.url
  return (
    dnslink ||
    o.names.ipns?.url ||
    (o.configured > 0 && o.content !== undefined ? o.content.gatewayUrl : undefined)
  )
}

const IPNS_OUTPUTS = ['ipns-name', 'ipns-url', 'ipns-path-url', 'ipns'] as const
const NO_ENS = {
  'ens-contenthash': '',
  'ens-tx-hash': '',
  'ens-safe-tx-hash': '',
  'ens-safe-url': '',
  'ens-urls': '',
}
const ENS_OUTPUTS = [
  'ens-contenthash',
  'ens-tx-hash',
  'ens-safe-tx-hash',
  'ens-safe-url',
  'ens-urls',
] as const

/**
 * The step's outputs, keyed by the output names of action.yml. Every output a deploy always
 * has is set, '' or `[]` while unknown (a run that failed before its CID still says so); the
 * IPNS outputs are set when the run has an IPNS name, and every output on cleanup and republish.
 */
export function outputsOf(o: Outcome): Partial<Record<OutputName, string>> {
  const c = o.content
  const b = c?.built
  const ipns = o.names.ipns
  const all: Record<OutputName, string> = {
    cid: c?.root.toString() ?? '',
    'cid-v1': c?.root.toV1().toString() ?? '',
    size: b !== undefined ? String(b.bytes) : '',
    files: b !== undefined ? String(b.files) : '',
    'car-path': b?.carPath ?? '',
    'car-size': b !== undefined ? String(b.carSize) : '',
    'gateway-url': c?.gatewayUrl ?? '',
    results: JSON.stringify([...o.providers, ...o.checks]),
    unpinned: JSON.stringify(o.cleanup?.unpinned ?? []),
    dnslink: JSON.stringify(o.names.dnslink),
    'dnslink-url': o.names.dnslink.find((d) => d.url !== undefined)?.url ?? '',
    'ipns-name': o.names.ipnsName ?? ipns?.name ?? '',
    'ipns-url': ipns?.url ?? '',
    'ipns-path-url': ipns?.pathUrl ?? '',
    ipns: ipns !== undefined ? JSON.stringify(withoutFailure(ipns)) : '',
    ...(o.names.ens?.outputs ?? NO_ENS),
    history: o.history?.output ?? '',
    'rollback-from': o.rollback?.from ?? '',
  }
  if (o.mode !== 'deploy') return all
  // A deploy without IPNS leaves the IPNS outputs unset.
  const has: Record<(typeof IPNS_OUTPUTS)[number], boolean> = {
    'ipns-name': o.names.ipnsName !== undefined,
    'ipns-url': ipns !== undefined,
    'ipns-path-url': ipns !== undefined,
    ipns: ipns !== undefined,
  }
  const out: Partial<Record<OutputName, string>> = { ...all }
  for (const k of IPNS_OUTPUTS) if (!has[k]) delete out[k]
  // Nor the ENS outputs without ENS names, nor the history when it was not read, nor
  // `rollback-from`.
  if (o.names.ens === undefined) for (const k of ENS_OUTPUTS) delete out[k]
  if (o.history === undefined) delete out.history
  delete out['rollback-from']
  return out
}

function withoutFailure<T extends { failure?: string }>(r: T): Omit<T, 'failure'> {
  const { failure: _f, ...rest } = r
  return rest
}

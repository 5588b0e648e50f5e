/**
 * A scope's deployment history (docs/rollback.md#history), from what the labelled pins record:
 * each CID this scope claims, on whichever providers list it, merged into one entry per CID
 * (any base, v0 or v1: `cidKey`), with the time of this scope's claim and the labels the
 * deploying run wrote (commit, ref, pull request, run). GitHub Deployments, where the run reads
 * them, add what GitHub knows of the same CID (src/history/github.ts). Pins without the action's
 * labels and pins only other scopes claim are not this scope's history and are left out; a CID
 * several scopes claim is in each one's history, at each one's own claim time.
 *
 * Pure: no network, no clock. Reading the listings is src/history/read.ts.
 */
import { cidKey } from '../cid.js'
import type { ListedPin, PinState } from '../providers/types.js'
import { claimsOf, TAG } from '../tags.js'

/** Entries kept in memory: the distinct CIDs of one scope a run looks at, at most. */
export const MAX_ENTRIES = 1000

/**
 * Entries shown in the summary and carried by the `history` output. 20 covers every `keep` a
 * user sets in practice (older deployments are usually unpinned) and `to: <n>` up to 19 back,
 * while the summary table stays one screen and the output a few KB (a step's outputs share 1 MB).
 */
export const HISTORY_SHOWN = 20

/** One pin of the scope as a listing gave it (what cleanup's `scopePins` returns too). */
export interface ListedRecord {
  readonly provider: string
  readonly pin: ListedPin
}

/** What GitHub's Deployments API says about one deployment of the scope (src/history/github.ts). */
export interface GithubDeploymentRecord {
  readonly id: number
  /** The CID its latest status named (`Pinned <cid>`), when one did. */
  readonly cid?: string
  readonly sha?: string
  readonly ref?: string
  /** ISO 8601. */
  readonly createdAt?: string
  /** The latest status: `success`, `failure`, `inactive`… */
  readonly state?: string
  readonly environmentUrl?: string
}

/** One deployment of the scope: one CID, wherever it is pinned. */
export interface HistoryEntry {
  /** CIDv1 base32, whatever form the providers listed it in. */
  readonly cid: string
  /** This scope's claim time (ISO 8601), the newest across providers; else the pin's creation. */
  readonly time?: string
  /** Labels of the run that deployed it (the first record that carries each). */
  readonly sha?: string
  readonly ref?: string
  readonly pr?: number
  readonly run?: string
  /** Where it is pinned: provider ids, sorted, with the state each listing gave. */
  readonly pinned: ReadonlyArray<{ readonly provider: string; readonly state: PinState }>
  /** The GitHub Deployment that named this CID, when read. */
  readonly github?: {
    readonly id: number
    readonly state?: string
    readonly url?: string
  }
}

export interface History {
  readonly scope: string
  /** Newest first (by `time`; CIDs without a time last, then by CID). At most MAX_ENTRIES. */
  readonly entries: readonly HistoryEntry[]
  /** More distinct CIDs were found than MAX_ENTRIES: the oldest-listed ones were left out. */
  readonly truncated: boolean
  /** Providers (or `github`) whose listing failed or stopped at its bound: the history may miss some. */
  readonly incomplete: readonly string[]
}

export interface HistoryInput {
  readonly scope: string
  readonly records: readonly ListedRecord[]
  readonly deployments?: readonly GithubDeploymentRecord[]
  readonly incomplete?: readonly string[]
}

const ms = (t: string | undefined): number | undefined => {
  const v = Date.parse(t ?? '')
  return Number.isNaN(v) ? undefined : v
}

interface Building {
  cid: string
  time?: number
  sha?: string
  ref?: string
  pr?: number
  run?: string
  pinned: Map<string, PinState>
  github?: HistoryEntry['github']
}

/** Whether a label value is one the action writes (bounded, one line): else it is not used. */
const label = (v: string | undefined, max = 200): string | undefined =>
  v !== undefined && v !== '' && v.length <= max && !/[\r\n]/.test(v) ? v : undefined

export function buildHistory(input: HistoryInput): History {
  const byCid = new Map<string, Building>()
  let truncated = false
  /**
   * The entry of `cid` (any form), made (and given `init`) when it is new; undefined once
   * MAX_ENTRIES distinct CIDs are held (the history is then truncated).
   */
  const entry = (cid: string, init?: (fresh: Building) => void): Building | undefined => {
    const key = cidKey(cid)
    const known = byCid.get(key)
    if (known !== undefined) return known
    if (byCid.size >= MAX_ENTRIES) {
      truncated = true
      return undefined
    }
    const fresh: Building = { cid: key, pinned: new Map() }
    init?.(fresh)
    byCid.set(key, fresh)
    return fresh
  }
  for (const { provider, pin } of input.records) {
    const claim = claimsOf(pin.metadata).find((c) => c.scope === input.scope)
    if (claim === undefined) continue // unlabelled, or another scope's only
    const b = entry(pin.cid)
    if (b === undefined) continue
    const t = ms(claim.time) ?? ms(pin.created)
    if (t !== undefined && (b.time === undefined || t > b.time)) b.time = t
    const m = pin.metadata
    b.sha ??= label(m[TAG.sha], 64)
    b.ref ??= label(m[TAG.ref])
    b.run ??= label(m[TAG.run], 40)
    const pr = Number(m[TAG.pr])
    if (b.pr === undefined && Number.isSafeInteger(pr) && pr > 0) b.pr = pr
    // One provider may list several records of a CID (one per request): the best state wins.
    const before = b.pinned.get(provider)
    if (before === undefined || rank(pin.state) < rank(before)) b.pinned.set(provider, pin.state)
  }
  for (const d of input.deployments ?? []) {
    if (d.cid === undefined) continue
    const b = entry(d.cid, (fresh) => {
      // Known to GitHub only: no provider lists it (unpinned, or pinned where labels are not kept).
      const t = ms(d.createdAt)
      if (t !== undefined) fresh.time = t
      if (d.sha !== undefined) fresh.sha = d.sha
      if (d.ref !== undefined) fresh.ref = d.ref
    })
    if (b === undefined) continue
    // Deployments come newest first: the first one naming the CID is its latest.
    b.github ??= {
      id: d.id,
      ...(d.state !== undefined ? { state: d.state } : {}),
      ...(d.environmentUrl !== undefined ? { url: d.environmentUrl } : {}),
    }
    b.sha ??= d.sha
  }
  const entries = [...byCid.values()]
    .sort(
      (a, b) =>
        (b.time ?? -Infinity) - (a.time ?? -Infinity) ||
        (a.cid < b.cid ? -1 : a.cid > b.cid ? 1 : 0),
    )
    .map((b): HistoryEntry => ({
      cid: b.cid,
      ...(b.time !== undefined ? { time: new Date(b.time).toISOString() } : {}),
      ...(b.sha !== undefined ? { sha: b.sha } : {}),
      ...(b.ref !== undefined ? { ref: b.ref } : {}),
      ...(b.pr !== undefined ? { pr: b.pr } : {}),
      ...(b.run !== undefined ? { run: b.run } : {}),
      pinned: [...b.pinned]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([provider, state]) => ({ provider, state })),
      ...(b.github !== undefined ? { github: b.github } : {}),
    }))
  return {
    scope: input.scope,
    entries,
    truncated,
    incomplete: [...new Set(input.incomplete ?? [])],
  }
}

const RANK: Record<PinState, number> = { pinned: 0, pinning: 1, queued: 2, failed: 3, absent: 4 }
const rank = (s: PinState): number => RANK[s]

/** Whether an entry is pinned (state `pinned`) on at least one provider that listed it. */
export const isPinned = (e: HistoryEntry): boolean => e.pinned.some((p) => p.state === 'pinned')

/** The entry of `cid` (any form), if the history holds it. */
export function entryOf(h: History, cid: string): HistoryEntry | undefined {
  const key = cidKey(cid)
  return h.entries.find((e) => e.cid === key)
}

/**
 * How every pin the action makes is labelled so a later run can find it again: the pin name,
 * and metadata where the provider keeps any (each provider says how: keyvalues, `meta`,
 * `meta-*`). Providers that keep none are reached by cleanup through the CIDs the labelled
 * providers name (src/cleanup/cleanup.ts).
 *
 * Claims. A label set holds one claim per scope that deployed the CID: `ipfs-pin.scope` lists
 * the scopes (space-separated; what cleanup matches on) and `ipfs-pin.time` the time of each, in
 * the same order. Most records have one claim (one request, one pin). A provider that keeps
 * one record per CID holds one label set for a CID that two scopes deployed
 * (production, and a preview built from the same content): there each scope keeps its own
 * claim and its own time, so ordering and ownership read the claim of the scope being cleaned.
 * A deploy adds or refreshes only its own claim; the other labels (env, ref, sha, pr, run, the
 * user's metadata) are written by the scope that made the record and never rewritten by
 * another. Cost: no extra key (of ten keys a pin may hold somewhere, eight are ours); the two
 * claim values grow by one scope and one time per claiming scope.
 */
import type { RunContext } from './inputs/context.js'

/** How a pin is labelled so it can be found again (name, and metadata where supported). */
export interface PinTags {
  readonly name: string
  readonly metadata: Readonly<Record<string, string>>
}

/** The metadata keys the action sets; `metadata` may not use them. */
export const TAG = {
  scope: 'ipfs-pin.scope',
  repo: 'ipfs-pin.repo',
  env: 'ipfs-pin.env',
  ref: 'ipfs-pin.ref',
  sha: 'ipfs-pin.sha',
  pr: 'ipfs-pin.pr',
  run: 'ipfs-pin.run',
  time: 'ipfs-pin.time',
} as const

export const RESERVED_KEYS: readonly string[] = Object.values(TAG)

/** The claim put on a pin that existed without the action's labels (made by hand): never released. */
export const UNLABELLED_CLAIM = 'unlabelled'

/** The action's own labels for this run (no user metadata). */
/** What the labels are made of: the run's context and its naming inputs. */
export interface LabelSource {
  readonly naming: {
    readonly scope: string
    readonly environment: string
    readonly metadata: Readonly<Record<string, string>>
  }
  readonly context: RunContext
}

export function runTags(config: LabelSource, now: Date): Record<string, string> {
  const c = config.context
  const repo = c.owner !== undefined && c.repo !== undefined ? `${c.owner}/${c.repo}` : c.repo
  const tags: Record<string, string> = {
    [TAG.scope]: config.naming.scope,
    [TAG.env]: config.naming.environment,
    [TAG.time]: now.toISOString(),
  }
  if (repo !== undefined) tags[TAG.repo] = repo
  if (c.ref !== undefined) tags[TAG.ref] = c.ref.slice(0, 200)
  if (c.sha !== undefined) tags[TAG.sha] = c.sha
  if (c.pr !== undefined) tags[TAG.pr] = String(c.pr)
  if (c.runId !== undefined) tags[TAG.run] = c.runId
  return tags
}

/** Name and metadata for every pin of this run: the user's metadata, then the action's labels. */
export function pinTags(name: string, config: LabelSource, now: Date): PinTags {
  return { name, metadata: { ...config.naming.metadata, ...runTags(config, now) } }
}

/** One scope's claim on a record: the scope, and when it deployed the CID (ISO 8601). */
export interface Claim {
  readonly scope: string
  /** Undefined when the record does not say (a claim on a pin made by hand, an older record). */
  readonly time?: string
}

const words = (v: string | undefined): string[] =>
  v === undefined ? [] : v.split(' ').filter((w) => w !== '')

/** Placeholder for a claim without a time. */
const NO_TIME = '-'

/**
 * The claims a label set holds (none when it is not the action's). A record written before
 * each claim had its own time has one time for several scopes: it belonged to whichever scope
 * wrote last, so no claim gets it (the caller falls back to the record's own creation time).
 */
export function claimsOf(metadata: Readonly<Record<string, string>>): Claim[] {
  const scopes = words(metadata[TAG.scope])
  const times = words(metadata[TAG.time])
  const aligned = times.length === scopes.length
  return scopes.map((scope, i) => {
    const time = aligned ? times[i] : undefined
    return time !== undefined && time !== NO_TIME ? { scope, time } : { scope }
  })
}

/** The scopes a label set claims (none when it is not the action's). */
export function scopesOf(metadata: Readonly<Record<string, string>>): string[] {
  return claimsOf(metadata).map((c) => c.scope)
}

/** The time of `scope`'s claim on a record, if it says. */
export function claimTime(
  metadata: Readonly<Record<string, string>>,
  scope: string,
): string | undefined {
  return claimsOf(metadata).find((c) => c.scope === scope)?.time
}

/** The time of `scope`'s claim on a record in epoch ms, if it says one that parses. */
export function claimedAt(
  metadata: Readonly<Record<string, string>>,
  scope: string,
): number | undefined {
  const t = Date.parse(claimTime(metadata, scope) ?? '')
  return Number.isNaN(t) ? undefined : t
}

/**
 * Whether a label set carries this run's claim (`tags`, from runTags): its scope's claim at this
 * run's time or later (a later run of the scope refreshed it), or the claim an earlier attempt
 * of this very run wrote (a re-run adopts that attempt's request). A claim of the scope at an
 * older time does not count: another run's write put back what it read before this run wrote.
 */
export function holdsClaim(
  metadata: Readonly<Record<string, string>>,
  tags: Readonly<Record<string, string>>,
): boolean {
  const scope = tags[TAG.scope]
  if (scope === undefined || !scopesOf(metadata).includes(scope)) return false
  const run = tags[TAG.run]
  if (run !== undefined && metadata[TAG.run] === run && metadata[TAG.sha] === tags[TAG.sha])
    return true
  const mine = Date.parse(tags[TAG.time] ?? '')
  const held = claimedAt(metadata, scope)
  return held !== undefined && (Number.isNaN(mine) || held >= mine)
}

function withClaims(
  metadata: Readonly<Record<string, string>>,
  claims: readonly Claim[],
): Record<string, string> {
  return {
    ...metadata,
    [TAG.scope]: claims.map((c) => c.scope).join(' '),
    [TAG.time]: claims.map((c) => c.time ?? NO_TIME).join(' '),
  }
}

/**
 * The labels to write on a one-record-per-CID provider that already holds `existing` for the
 * same CID: the other scopes' claims as they are, this run's claim added or refreshed. When
 * another scope claims the record, its other labels stay as that scope wrote them (this run's
 * only fill keys the record lacks); when only this scope did, they are refreshed. With
 * `maxKeys` (a provider's limit), keys this run would add are dropped first, the user's before the
 * action's, never a claim.
 */
export function mergedMetadata(
  existing: Readonly<Record<string, string>>,
  tags: Readonly<Record<string, string>>,
  opts: { maxKeys?: number } = {},
): Record<string, string> {
  const mine = claimsOf(tags)
  if (mine.length === 0) return { ...tags }
  const ours = new Set(mine.map((c) => c.scope))
  const before = claimsOf(existing)
  // A pin someone made without our labels keeps a claim no cleanup releases. No claim is ever
  // dropped: dropping one would let another scope's cleanup unpin what it still serves.
  const theirs =
    before.length === 0 ? [{ scope: UNLABELLED_CLAIM }] : before.filter((c) => !ours.has(c.scope))
  const merged: Record<string, string> =
    theirs.length > 0 ? { ...tags, ...existing } : { ...existing, ...tags }
  if (opts.maxKeys !== undefined) {
    const claimKeys = new Set<string>([TAG.scope, TAG.time])
    const added = Object.keys(tags).filter((k) => !(k in existing) && !claimKeys.has(k))
    const userFirst = [
      ...added.filter((k) => !RESERVED_KEYS.includes(k)),
      ...added.filter((k) => RESERVED_KEYS.includes(k)),
    ]
    for (const k of userFirst) {
      if (Object.keys(merged).length + (TAG.time in merged ? 0 : 1) <= opts.maxKeys) break
      delete merged[k]
    }
  }
  return withClaims(merged, [...theirs, ...mine])
}

/** The labels with `scope`'s claim released: undefined when no other claim remains (unpin it). */
export function releasedMetadata(
  existing: Readonly<Record<string, string>>,
  scope: string,
): Record<string, string> | undefined {
  const rest = claimsOf(existing).filter((c) => c.scope !== scope)
  return rest.length === 0 ? undefined : withClaims(existing, rest)
}

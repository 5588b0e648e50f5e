/**
 * How every pin the action makes is labelled so a later run can find it again: the pin name,
 * and metadata where the provider keeps any (Pinata and AIOZ keyvalues, PSA `meta`, Cluster
 * `meta-*`). Kubo and Sagittarius keep none; cleanup reaches them through the CIDs the
 * labelled providers name (src/cleanup.ts).
 *
 * The scope key (`ipfs-pin.scope`) is what cleanup matches on. A provider that keeps one record
 * per CID (Pinata, Cluster) holds one label set for a CID deployed by two scopes (production
 * and a preview built from the same commit): there the key holds every scope that deployed the
 * CID, space-separated, so that cleaning one scope up releases only its claim.
 */
import type { Config } from './config/config.js'
import type { PinTags } from './providers/types.js'

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
export function runTags(
  config: Pick<Config, 'naming' | 'context'>,
  now: Date,
): Record<string, string> {
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
export function pinTags(
  name: string,
  config: Pick<Config, 'naming' | 'context'>,
  now: Date,
): PinTags {
  return { name, metadata: { ...config.naming.metadata, ...runTags(config, now) } }
}

/** The scopes a label set claims (none when it is not the action's). */
export function scopesOf(metadata: Readonly<Record<string, string>>): string[] {
  const v = metadata[TAG.scope]
  return v === undefined ? [] : v.split(' ').filter((s) => s !== '')
}

/**
 * The labels to write on a one-record-per-CID provider that already holds `existing` for the
 * same CID: this run's labels, with the scope key also keeping the scopes that deployed it
 * before (so cleaning one of them up does not take the CID from the others).
 */
export function mergedMetadata(
  existing: Readonly<Record<string, string>>,
  tags: Readonly<Record<string, string>>,
): Record<string, string> {
  const mine = scopesOf(tags)
  if (mine.length === 0) return { ...tags }
  // A pin someone made without our labels keeps a claim no cleanup releases. No claim is ever
  // dropped: dropping one would let another scope's cleanup unpin what it still serves.
  const before = scopesOf(existing)
  const theirs = before.length === 0 ? [UNLABELLED_CLAIM] : before.filter((s) => !mine.includes(s))
  return { ...tags, [TAG.scope]: [...theirs, ...mine].join(' ') }
}

/** The labels with `scope` released: undefined when no other scope remains (unpin it then). */
export function releasedMetadata(
  existing: Readonly<Record<string, string>>,
  scope: string,
): Record<string, string> | undefined {
  const rest = scopesOf(existing).filter((s) => s !== scope)
  return rest.length === 0 ? undefined : { ...existing, [TAG.scope]: rest.join(' ') }
}

/**
 * This run's claim on what it deployed, as it stands on a provider once other runs have written
 * too (docs/concurrency.md). No service here offers a compare-and-set on labels, so a write made
 * from an earlier read can drop a claim another run wrote in between. Hence, after writing:
 * - read the labels back; when this run's claim is missing, merge it again (one record per CID:
 *   Pinata, Cluster), or ask for the pin again (one record per request: the PSA services);
 * - where concurrent runs of one scope each made a request for the CID, converge on one by a
 *   fixed rule every run computes alike (`survivor`), and remove the others (they carry the same
 *   scope's claim, so no claim is lost).
 * Providers that can do neither (AIOZ keeps the labels of the first pin of a CID) are not read.
 */
import type { CID } from 'multiformats/cid'
import { errorMessage, ProviderError } from '../errors.js'
import { claimedAt, holdsClaim, mergedMetadata, scopesOf, TAG } from '../tags.js'
import type { CallOptions, ListedPin, PinInfo, PinTags, Provider, ProviderTraits } from './types.js'

/** Rounds of read back and merge before giving up (each needs another run's write to lose). */
export const CONFIRM_ROUNDS = 3

/** Records one listing by CID may hold at most (a CID has one per scope, or a few requests). */
const MAX_RECORDS = 1000

/** Whether the provider can put a lost claim back: by labels, or by a request of its own. */
export const canConfirm = (p: Provider): boolean =>
  p.list !== undefined && (p.relabel !== undefined || p.remove !== undefined)

/** The records of `cid` on `p`, read now (bounded). */
export async function recordsOf(
  p: Provider,
  cid: string,
  opts?: CallOptions,
): Promise<ListedPin[]> {
  const out: ListedPin[] = []
  if (p.list === undefined) return out
  for await (const pin of p.list({ cid }, opts)) {
    out.push(pin)
    if (out.length >= MAX_RECORDS) break
  }
  return out
}

const createdMs = (p: ListedPin): number => {
  const t = Date.parse(p.created ?? '')
  return Number.isNaN(t) ? Number.MAX_SAFE_INTEGER : t
}

/**
 * Of the live requests one scope holds for one CID, the one that stays: the newest claim time
 * (it says when the scope last deployed the CID), then the oldest request, then the smallest id.
 * Every run that lists the same requests picks the same one.
 */
export function survivor(records: readonly ListedPin[], scope: string): ListedPin | undefined {
  const live = records.filter((r) => r.state !== 'failed' && scopesOf(r.metadata).includes(scope))
  return [...live].sort(
    (a, b) =>
      (claimedAt(b.metadata, scope) ?? 0) - (claimedAt(a.metadata, scope) ?? 0) ||
      createdMs(a) - createdMs(b) ||
      (a.id ?? '').localeCompare(b.id ?? ''),
  )[0]
}

export type Confirmation =
  /** The claim is there (after `merged` rounds that put it back). */
  | {
      readonly kind: 'held'
      readonly merged: number
      /** Requests of this scope for the CID removed as duplicates (ids). */
      readonly removed: readonly string[]
      /** The record that holds the claim (for requests: the one kept). */
      readonly survivor: ListedPin
    }
  /** The record was gone: pinned again, with this run's labels. */
  | { readonly kind: 'repinned'; readonly info: PinInfo }
  /**
   * Not confirmed, and why. `pending`: the record is not there and was not to be pinned again
   * (a pin still queued may not be listed yet; or a newer run of the scope removed it).
   */
  | { readonly kind: 'unconfirmed'; readonly why: string; readonly pending: boolean }

export interface ConfirmOptions extends CallOptions {
  /** The provider's limit on metadata keys (Pinata: 10). */
  readonly maxKeys?: number
  /**
   * Whether to pin the CID again when no record of this run's claim is left: the caller knows no
   * newer run of the scope removed it (asked only then).
   */
  readonly restore: boolean | (() => Promise<boolean>)
  /** What to pin again. */
  readonly root: CID
}

/**
 * Reads this run's claim on `cid` back from `p` and puts it back when another run's write
 * dropped it: see the file comment. Changes nothing when the claim is there.
 */
export async function confirmClaim(
  p: Provider,
  tags: PinTags,
  opts: ConfirmOptions,
): Promise<Confirmation> {
  const scope = tags.metadata[TAG.scope]
  if (scope === undefined || !canConfirm(p))
    return { kind: 'unconfirmed', why: 'the provider cannot restore a claim', pending: false }
  const cid = opts.root.toString()
  const call: CallOptions = { ...(opts.signal !== undefined ? { signal: opts.signal } : {}) }
  const restore = async (why: string): Promise<Confirmation> => {
    // Whether this run may put it back comes first: a newer run of the scope that removed it by
    // `keep` did what it should, whatever this provider could do about it.
    const allowed = typeof opts.restore === 'function' ? await opts.restore() : opts.restore
    if (!allowed) return { kind: 'unconfirmed', why, pending: true }
    if (p.pin === undefined)
      return { kind: 'unconfirmed', why: `${why}, and ${p.id} cannot pin it again`, pending: false }
    try {
      return { kind: 'repinned', info: await p.pin(opts.root, tags, call) }
    } catch (err) {
      const reason = err instanceof ProviderError ? err.reason : errorMessage(err)
      return {
        kind: 'unconfirmed',
        why: `${why}, and pinning it again failed: ${reason}`,
        pending: false,
      }
    }
  }
  for (let round = 0; ; round++) {
    const records = await recordsOf(p, cid, call)
    if (p.remove !== undefined) {
      // One record per request: this scope's live requests for the CID, converged on one.
      const keep = survivor(records, scope)
      if (keep === undefined || !holdsClaim(keep.metadata, tags.metadata))
        return restore('no request of this run for the CID is left')
      const removed: string[] = []
      for (const r of records) {
        if (r === keep || r.id === undefined || !scopesOf(r.metadata).includes(scope)) continue
        if ((await p.remove(r, call)) === 'removed') removed.push(r.id)
      }
      return { kind: 'held', merged: round, removed, survivor: keep }
    }
    const record = records[0]
    if (record === undefined) return restore('the CID is no longer pinned there')
    if (holdsClaim(record.metadata, tags.metadata))
      return { kind: 'held', merged: round, removed: [], survivor: record }
    if (round === CONFIRM_ROUNDS)
      return {
        kind: 'unconfirmed',
        why: `this run's claim was overwritten ${CONFIRM_ROUNDS + 1} times in a row`,
        pending: false,
      }
    // Another run wrote the labels from what it read before this run's write: merge again.
    await p.relabel?.(
      record,
      mergedMetadata(
        record.metadata,
        tags.metadata,
        opts.maxKeys !== undefined ? { maxKeys: opts.maxKeys } : {},
      ),
      call,
    )
  }
}

/** What to say about a confirmation, and how loudly (nothing when the claim was simply there). */
export function confirmationNote(
  provider: string,
  cid: string,
  c: Confirmation,
): { level: 'info' | 'warning' | 'debug'; text: string } | undefined {
  if (c.kind === 'repinned')
    return {
      level: 'warning',
      text: `${provider}: ${cid} had been unpinned by another run while this one deployed it; pinned it again (${c.info.state})`,
    }
  if (c.kind === 'unconfirmed')
    return c.pending
      ? { level: 'debug', text: `${provider}: this run's claim on ${cid} not confirmed: ${c.why}` }
      : {
          level: 'warning',
          text: `${provider}: this run's claim on ${cid} could not be confirmed: ${c.why}. Another scope's cleanup may unpin it; give the workflows that share it one concurrency group (docs/concurrency.md).`,
        }
  const parts: string[] = []
  if (c.merged > 0)
    parts.push(`another run had overwritten this run's claim on ${cid}; merged it again`)
  if (c.removed.length > 0)
    parts.push(
      `removed ${c.removed.length} duplicate request${c.removed.length === 1 ? '' : 's'} of this scope for ${cid} (${c.removed.join(', ')})`,
    )
  return parts.length > 0 ? { level: 'info', text: `${provider}: ${parts.join('; ')}` } : undefined
}

/**
 * This run's claim read back once a deploy's pin is made: another run may have written the
 * labels from an older read meanwhile, or removed the pin (the pin then reads `absent`). What
 * it finds is logged; the pin's info comes back updated (pinned again, or the request kept
 * among duplicates). A read that fails leaves the info as it is, with a warning.
 */
export async function confirmedAfterDeploy(
  provider: Provider,
  info: PinInfo,
  ctx: {
    readonly tags: PinTags
    readonly signal?: AbortSignal
    readonly traits: ProviderTraits | undefined
    readonly root: CID
    /** Whether a pin found gone may be made again (asked only then, and only when pinned). */
    readonly restore: () => Promise<boolean>
    readonly log: (level: 'info' | 'warning' | 'debug', message: string) => void
  },
): Promise<PinInfo> {
  if (ctx.traits?.keepsLabels !== true || !canConfirm(provider)) return info
  try {
    const c = await confirmClaim(provider, ctx.tags, {
      ...(ctx.signal !== undefined ? { signal: ctx.signal } : {}),
      // A pin still queued may not be listed yet; one pinned, or gone since, is.
      restore: info.state === 'pinned' || info.state === 'absent' ? ctx.restore : false,
      root: ctx.root,
      ...(ctx.traits.maxMetadataKeys !== undefined ? { maxKeys: ctx.traits.maxMetadataKeys } : {}),
    })
    const note = confirmationNote(provider.id, ctx.root.toString(), c)
    if (note !== undefined) ctx.log(note.level, note.text)
    if (c.kind === 'repinned') return { ...c.info, id: c.info.id ?? info.id }
    // Found gone before it read `pinned` (Cluster's status, read after the upload), and not to be
    // pinned again: a later run of the scope removed it by its `keep`, as it should. The deploy
    // did its part; it is left so, as when it is removed after `pinned` was read
    // (docs/concurrency.md), rather than failing the step.
    if (c.kind === 'unconfirmed' && c.pending && info.state === 'absent')
      return { ...info, state: 'pinned' }
    if (c.kind === 'held' && c.survivor.id !== undefined && c.survivor.id !== info.id)
      return { ...info, id: c.survivor.id }
    return info
  } catch (err) {
    ctx.log(
      'warning',
      `${provider.id}: could not read this run's labels back: ${err instanceof ProviderError ? err.reason : errorMessage(err)}`,
    )
    return info
  }
}

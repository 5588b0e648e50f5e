/**
 * The three DNSLink operations (src/dns/types.ts) for APIs that keep one record per TXT value
 * (Cloudflare, DNSimple, DigitalOcean), built once from four record calls each such provider
 * gives: list a page of the records at a name, create, update, delete. What makes it safe
 * (docs/names/dns-providers.md#record-per-value):
 *
 * - **Listing**: records are de-duplicated by id (a record listed twice, or that moved between
 *   pages, is one record); an empty page or the last page the service reports ends the listing,
 *   and a page with nothing new stops it with an error (a `page` parameter ignored: acting on
 *   part of a name is how records get lost). Bounded by `maxPages`.
 * - **Setting**: the `dnslink=` record that stays is chosen by one fixed rule, the same in every
 *   run: the one created first (the service's creation time, then the lower id). The others are
 *   deleted first, then the one kept is updated (its TTL and comment untouched); with none, one
 *   is created with the TTL asked. "Exists" on create (Cloudflare 81057) re-lists and updates;
 *   "gone" on update (a 404) re-lists and creates; at most two rounds.
 * - **After writing**: the name is read again. Two runs that created a record each at the same
 *   moment both see two, and both keep the one created first (so at most one run deletes its
 *   own record, and it then reports the other run's value, never success). Records this call
 *   deleted are never counted again, so a stale listing cannot make it delete the one it kept.
 * - **Removing**: the `dnslink=` records `onlyIf` accepts, each by id (gone counts as done),
 *   then the name is read again.
 * - A name whose `_dnslink` is a CNAME is read (the target is reported) and never written.
 */
import type { CallOptions } from '../http/deps.js'
import {
  DNSLINK_PREFIX,
  clampTtl,
  dnslinkValues,
  isDnslink,
  type DnsCapabilities,
  type DnsProvider,
  type DnslinkWrite,
  type RemoveOptions,
  type SetOptions,
  type TxtState,
  type Zone,
} from './types.js'

/** A record as the API lists it, whatever its type (TXT and CNAME matter here). */
export interface ApiRecord {
  readonly id: string
  /** Upper case: `TXT`, `CNAME`… */
  readonly type: string
  /** TXT: the text, unquoted; CNAME: the target. */
  readonly content: string
  readonly ttl?: number
  /** When the service created it (ISO 8601), when it says: the convergence rule's first key. */
  readonly created?: string
}

export interface RecordPage {
  readonly records: readonly ApiRecord[]
  /** The service says there are pages after this one. */
  readonly more: boolean
}

/**
 * A create's answer: made (with its id when the API returns it); refused because a record is
 * in the way (Cloudflare 81057: re-list, then update); refused because an identical record
 * exists (Cloudflare 81058: the value is there).
 */
export type CreateAnswer =
  | { readonly outcome: 'created'; readonly id?: string }
  | { readonly outcome: 'exists' }
  | { readonly outcome: 'identical' }

/** An update's answer: done; the record is gone (a 404: re-list and create); identical exists. */
export type UpdateAnswer = 'updated' | 'gone' | 'identical'

/** The record calls a record-per-value provider gives. */
export interface RecordApi {
  /** Page `page` (from 1) of the records at `fqdn`, of every type: a CNAME must be seen. */
  page(zone: Zone, fqdn: string, page: number, opts: CallOptions): Promise<RecordPage>
  /** A TXT record at `fqdn` holding `text` (unquoted: the provider quotes as its API wants). */
  create(
    zone: Zone,
    fqdn: string,
    text: string,
    ttl: number,
    opts: CallOptions,
  ): Promise<CreateAnswer>
  /** Changes the record's text only (its TTL and comment stay). */
  update(zone: Zone, record: ApiRecord, text: string, opts: CallOptions): Promise<UpdateAnswer>
  /** Deletes the record; one already gone counts as deleted. */
  remove(zone: Zone, record: ApiRecord, opts: CallOptions): Promise<void>
}

export interface PerRecordOptions {
  readonly id: string
  readonly capabilities: DnsCapabilities
  /** TTL for created records, seconds (clamped to the capabilities). */
  readonly ttl: number
  /** The provider's (cached) zone lookup. */
  readonly zoneOf: (domain: string, opts?: CallOptions) => Promise<Zone>
  readonly api: RecordApi
  /** A failure in the provider's words (its HTTP client's `fail`). */
  readonly fail: (message: string) => Error
  /** Most pages listed at one name (default 100). */
  readonly maxPages?: number
}

/**
 * The TXT record at `fqdn` that holds `text`, looked for page by page (at most 100): the `recover`
 * of a create whose answer was lost, so that a retry does not make a second record.
 */
export async function findTxt(
  page: RecordApi['page'],
  zone: Zone,
  fqdn: string,
  text: string,
  opts: CallOptions,
): Promise<{ id: string } | undefined> {
  for (let n = 1; n <= 100; n++) {
    const p = await page(zone, fqdn, n, opts)
    const hit = p.records.find((r) => r.type === 'TXT' && r.content === text)
    if (hit !== undefined) return { id: hit.id }
    if (!p.more || p.records.length === 0) return undefined
  }
  return undefined
}

/**
 * The convergence rule: the record created first comes first (by the service's creation time
 * when both have one, then by id: numerically when both are numbers).
 */
export function createdFirst(a: ApiRecord, b: ApiRecord): number {
  if (a.created !== undefined && b.created !== undefined && a.created !== b.created) {
    const d = Date.parse(a.created) - Date.parse(b.created)
    if (Number.isFinite(d) && d !== 0) return d
    return a.created < b.created ? -1 : 1
  }
  if (/^\d+$/.test(a.id) && /^\d+$/.test(b.id)) {
    const d = BigInt(a.id) - BigInt(b.id)
    return d < 0n ? -1 : d > 0n ? 1 : 0
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

const recordsOf = (state: TxtState): ApiRecord[] => state.snapshot as ApiRecord[]

/** The DNSLink operations of a record-per-value API. */
export function perRecord(
  o: PerRecordOptions,
): Pick<DnsProvider, 'readTxt' | 'setDnslink' | 'removeDnslink'> {
  const { api, fail } = o
  const maxPages = o.maxPages ?? 100

  async function list(zone: Zone, fqdn: string, opts: CallOptions): Promise<ApiRecord[]> {
    const seen = new Map<string, ApiRecord>()
    for (let n = 1; n <= maxPages; n++) {
      const page = await api.page(zone, fqdn, n, opts)
      let fresh = 0
      for (const r of page.records)
        if (!seen.has(r.id)) {
          seen.set(r.id, r)
          fresh++
        }
      if (page.records.length === 0) return [...seen.values()]
      if (fresh === 0)
        throw fail(
          `listing the records at ${fqdn}, page ${n} held only records already listed: a listing that repeats itself cannot be trusted (a page parameter ignored?), so the name was not changed`,
        )
      if (!page.more) return [...seen.values()]
    }
    throw fail(`more than ${maxPages} pages of records at ${fqdn}`)
  }

  async function readTxt(fqdn: string, opts: CallOptions = {}): Promise<TxtState> {
    const name = fqdn.toLowerCase().replace(/\.$/, '')
    const zone = await o.zoneOf(name, opts)
    const records = await list(zone, name, opts)
    const txt = records.filter((r) => r.type === 'TXT')
    const cname = records.find((r) => r.type === 'CNAME')
    return {
      fqdn: name,
      zone,
      values: txt.map((r) => ({
        text: r.content,
        id: r.id,
        ...(r.ttl !== undefined ? { ttl: r.ttl } : {}),
      })),
      ...(cname !== undefined
        ? { delegatedTo: cname.content.toLowerCase().replace(/\.$/, '') }
        : {}),
      snapshot: txt,
    }
  }

  const notDelegated = (state: TxtState): void => {
    if (state.delegatedTo !== undefined)
      throw fail(
        `${state.fqdn} is a CNAME to ${state.delegatedTo}: its DNSLink is delegated there, so nothing is written at ${state.fqdn}. Write the record at the target (its name, without "_dnslink.", in "dnslink"), or remove the CNAME`,
      )
  }

  const links = (state: TxtState, skip: ReadonlySet<string>): ApiRecord[] =>
    recordsOf(state)
      .filter((r) => isDnslink(r.content) && !skip.has(r.id))
      .sort(createdFirst)

  async function setDnslink(
    fqdn: string,
    value: string,
    opts: SetOptions = {},
  ): Promise<DnslinkWrite> {
    const want = `${DNSLINK_PREFIX}${value}`
    const ttl = clampTtl(opts.ttl ?? o.ttl, o.capabilities)
    let state = opts.expect ?? (await readTxt(fqdn, opts))
    notDelegated(state)
    const name = state.fqdn
    const before = dnslinkValues(state)
    const removed = new Set<string>()
    let duplicatesRemoved = 0
    const drop = async (records: readonly ApiRecord[]): Promise<void> => {
      for (const r of records) {
        await api.remove(state.zone, r, opts)
        removed.add(r.id)
        duplicatesRemoved++
      }
    }
    const first = links(state, removed)
    if (first.length === 1 && first[0]?.content === want)
      return { fqdn: name, outcome: 'unchanged', before, after: before, duplicatesRemoved: 0 }

    for (let round = 0; round < 2; round++) {
      const [keep, ...extras] = links(state, removed)
      // The others first: an update to a text another record holds would be refused (81058).
      await drop(extras)
      if (keep === undefined) {
        const made = await api.create(state.zone, name, want, ttl, opts)
        if (made.outcome !== 'exists') break
      } else if (keep.content !== want) {
        const changed = await api.update(state.zone, keep, want, opts)
        if (changed !== 'gone') break
      } else break
      // Something changed under this run (81057 on create, a 404 on update): read and go again.
      state = await readTxt(name, opts)
      notDelegated(state)
    }

    // Read back; two runs that created a record each converge on the one created first.
    state = await readTxt(name, opts)
    const after = links(state, removed)
    if (after.length > 1) {
      await drop(after.slice(1))
      state = await readTxt(name, opts)
    }
    return {
      fqdn: name,
      outcome: before.length === 0 ? 'created' : 'updated',
      before,
      after: dnslinkValues(state),
      duplicatesRemoved,
    }
  }

  async function removeDnslink(fqdn: string, opts: RemoveOptions = {}): Promise<DnslinkWrite> {
    let state = opts.expect ?? (await readTxt(fqdn, opts))
    notDelegated(state)
    const before = dnslinkValues(state)
    const onlyIf = opts.onlyIf ?? (() => true)
    const targets = links(state, new Set()).filter((r) =>
      onlyIf(r.content.slice(DNSLINK_PREFIX.length)),
    )
    if (targets.length === 0)
      return {
        fqdn: state.fqdn,
        outcome: before.length === 0 ? 'absent' : 'unchanged',
        before,
        after: before,
        duplicatesRemoved: 0,
      }
    for (const r of targets) await api.remove(state.zone, r, opts)
    state = await readTxt(state.fqdn, opts)
    return {
      fqdn: state.fqdn,
      outcome: 'removed',
      before,
      after: dnslinkValues(state),
      duplicatesRemoved: 0,
    }
  }

  return { readTxt, setDnslink, removeDnslink }
}

/**
 * The DNS provider contract (a plugin family, src/inputs/plugin.ts): what DNSLink needs of a DNS
 * service, shaped so that both ways DNS APIs store TXT values fit it
 * (docs/names/dns-providers.md):
 *
 * - **record per value** (Cloudflare, DNSimple, DigitalOcean): one record, with its own id and
 *   TTL, per TXT value. These build on `src/dns/per-record.ts`, which does the three operations
 *   below safely from four record calls (list a page, create, update, delete).
 * - **record set per name** (Route 53, Gandi): one set of values and one TTL per name and type,
 *   replaced whole. These implement the three operations natively (Route 53's DELETE+CREATE
 *   batch is a compare-and-swap; Gandi's PUT replaces the set).
 *
 * The family does not offer record CRUD: it offers the three things DNSLink does.
 *
 * 1. `readTxt(fqdn)`: every TXT value at the name (`dnslink=` and the others), record ids where
 *    the API has them, a CNAME that delegates the name elsewhere, and an opaque snapshot of what
 *    was read (passed back as `expect` to save a second read, or compared against on write).
 * 2. `setDnslink(fqdn, value)`: afterwards the name holds exactly one `dnslink=` value, this one,
 *    and every other TXT value as it was. Any `dnslink=` value of any namespace is replaced
 *    (`/ipfs/` and `/ipns/` never stay side by side). No write when it already says so.
 * 3. `removeDnslink(fqdn, { onlyIf })`: the `dnslink=` values the predicate accepts are removed,
 *    every other value stays.
 *
 * Rules every provider keeps (test/support/dns-contract.ts checks each one):
 *
 * - Values cross this interface **unquoted and unescaped**; each provider quotes as its API
 *   wants and strips one surrounding pair of quotes when reading.
 * - Names are full domain names, lower case, no trailing dot (`_dnslink.pr-1.example.org`).
 * - Listings are bounded and de-duplicated by record id; a page with nothing new stops a listing
 *   with an error (a pager that repeats itself), never a partial view to act on.
 * - A write is followed by a read: `DnslinkWrite.after` is what the service answered then, not
 *   what was sent. Two runs writing one name at once converge to one `dnslink=` value by a
 *   fixed rule (per record: the record created first stays; per set: the set as last written).
 * - A name delegated by a CNAME is never written: the write fails naming the target.
 * - TTL: new values get the requested TTL clamped to `capabilities`; an existing record keeps
 *   its TTL (and comment), and a record set keeps the set's TTL, shared with the other values.
 * - Zone lookups are cached for the life of the provider object (one per run).
 * - Every call takes an AbortSignal and goes through the one HTTP client (src/http/client.ts).
 */
import type { InputName } from '../inputs/action-spec.generated.js'
import type { Plugin } from '../inputs/plugin.js'
import type { CallOptions, ProviderDeps } from '../http/deps.js'

/** A zone: the provider's id for it and its name (`example.org`). */
export interface Zone {
  readonly id: string
  readonly name: string
}

/** One TXT value at a name: `dnslink=/ipfs/bafy…`, `v=spf1 -all`. */
export interface TxtValue {
  /** The text, unquoted and unescaped (without the quotes DNS wire format and some APIs add). */
  readonly text: string
  /** The id of the record holding it, on record-per-value APIs; absent on record-set APIs. */
  readonly id?: string
  /** Its TTL in seconds, when the API says (record-per-value APIs). */
  readonly ttl?: number
}

/** Everything at one name, as read from the provider's API (never a resolver's cache). */
export interface TxtState {
  /** `_dnslink.pr-12.preview.example.org`: lower case, no trailing dot. */
  readonly fqdn: string
  readonly zone: Zone
  /** Every TXT value at the name, `dnslink=` and others, in the order the API gave them. */
  readonly values: readonly TxtValue[]
  /** The set's TTL, on record-set APIs. */
  readonly ttl?: number
  /** The CNAME target when the name is delegated elsewhere: then nothing is written here. */
  readonly delegatedTo?: string
  /** What was read, opaque: the records with their ids and dates, the record set as read. */
  readonly snapshot: unknown
}

/** What a write did. Values are DNSLink paths (`/ipfs/bafy…`), without `dnslink=`. */
export interface DnslinkWrite {
  readonly fqdn: string
  /**
   * `unchanged`: no write (it already said so, or `onlyIf` kept every value); `absent`: there
   * was no `dnslink=` value to remove.
   */
  readonly outcome: 'created' | 'updated' | 'unchanged' | 'removed' | 'absent'
  /** The `dnslink=` values before the call. */
  readonly before: readonly string[]
  /** The `dnslink=` values read back from the service after the write (== before when none). */
  readonly after: readonly string[]
  /**
   * Real duplicates removed: `dnslink=` records beside the one kept (another tool's, or another
   * run's written at the same moment). A record a listing showed twice is not one.
   */
  readonly duplicatesRemoved: number
  /** A token for `waitForSync` (Route 53's change id). */
  readonly syncToken?: string
}

/** What a provider is, beyond its methods: what DNSLink and its callers decide from. */
export interface DnsCapabilities {
  /** How the API stores TXT values: one record per value, or one set per name. */
  readonly model: 'record' | 'rrset'
  /** The write fails if the name changed since it was read (Route 53's exact DELETE). */
  readonly compareAndSwap: boolean
  /** Shortest TTL the service accepts, seconds: a shorter request is raised to it. */
  readonly minTtl: number
  /** Longest TTL, seconds, when the service has a limit. */
  readonly maxTtl?: number
  /** A write is visible only once `waitForSync` says so (Route 53's PENDING → INSYNC). */
  readonly syncWait: boolean
}

export interface SetOptions extends CallOptions {
  /** TTL for a value created, seconds (the provider's `ttl` option when absent). */
  readonly ttl?: number
  /** The state this call decided on (from `readTxt`), to save reading it again. */
  readonly expect?: TxtState
}

export interface RemoveOptions extends CallOptions {
  /** Removes only the `dnslink=` values (paths) this accepts; every value when absent. */
  readonly onlyIf?: (value: string) => boolean
  readonly expect?: TxtState
}

export interface DnsProvider {
  readonly id: string
  readonly capabilities: DnsCapabilities
  /**
   * The zone `domain` is in: the one the inputs name, or else the longest zone the credentials
   * can see that `domain` is in or under. Cached per provider object.
   */
  zoneOf(domain: string, opts?: CallOptions): Promise<Zone>
  /** Everything at `fqdn` (see `TxtState`). */
  readTxt(fqdn: string, opts?: CallOptions): Promise<TxtState>
  /** Makes `value` (`/ipfs/<cid>`, `/ipns/<name>`) the one `dnslink=` value at `fqdn`. */
  setDnslink(fqdn: string, value: string, opts?: SetOptions): Promise<DnslinkWrite>
  /** Removes the `dnslink=` values at `fqdn` that `onlyIf` accepts. */
  removeDnslink(fqdn: string, opts?: RemoveOptions): Promise<DnslinkWrite>
  /** Waits until a write is served (only where `capabilities.syncWait`). */
  waitForSync?(write: DnslinkWrite, opts: CallOptions & { timeoutMs: number }): Promise<void>
}

/** What every DNS provider's options hold. */
export interface DnsOptions {
  readonly id: string
  /** The zone named by `dns-zone`, if any (else found). */
  readonly zone?: string
  /** TTL of the values created, seconds. */
  readonly ttl: number
  readonly credentials?: readonly InputName[]
}

// DNS providers describe themselves through `capabilities` on the object (some depend on the
// options: an Enterprise zone's shorter TTL); the descriptor's traits leave room for more.
export type DnsTraits = Readonly<Record<string, never>>

export type DnsDescriptor<Id extends string = string, O extends DnsOptions = DnsOptions> = Plugin<
  Id,
  O,
  DnsTraits,
  DnsProvider,
  ProviderDeps
> & { readonly family: 'dns-provider' }

export function defineDnsProvider<const Id extends string, O extends DnsOptions & { id: Id }>(
  d: DnsDescriptor<Id, O>,
): DnsDescriptor<Id, O> {
  return d
}

export const DNSLINK_PREFIX = 'dnslink='

/** Is this TXT text a DNSLink value? */
export const isDnslink = (text: string): boolean => text.startsWith(DNSLINK_PREFIX)

/** The DNSLink paths at a name (`/ipfs/…`), in the order read. */
export const dnslinkValues = (state: Pick<TxtState, 'values'>): string[] =>
  state.values.filter((v) => isDnslink(v.text)).map((v) => v.text.slice(DNSLINK_PREFIX.length))

/**
 * The zones a name may be in, longest first: the name and each parent, without labels that
 * cannot be a zone's apex (`_dnslink`) and without the top-level domain alone.
 */
export function zoneCandidates(domain: string): string[] {
  const labels = domain.split('.')
  return labels
    .slice(0, -1)
    .map((_, i) => labels.slice(i).join('.'))
    .filter((z) => !z.startsWith('_'))
}

/** TXT content without one pair of surrounding quotes (APIs return either form). */
export const unquote = (text: string): string =>
  text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text

/** A TTL within the provider's limits. */
export const clampTtl = (ttl: number, c: Pick<DnsCapabilities, 'minTtl' | 'maxTtl'>): number =>
  Math.min(Math.max(ttl, c.minTtl), c.maxTtl ?? Number.MAX_SAFE_INTEGER)

/**
 * One lookup per key for the life of the object (zones, an account): later callers share the
 * first one's answer. A failure is not kept, so the next call asks again.
 */
export function cached<T>(
  find: (key: string, signal?: AbortSignal) => Promise<T>,
): (key: string, signal?: AbortSignal) => Promise<T> {
  const seen = new Map<string, Promise<T>>()
  return (key, signal) => {
    let p = seen.get(key)
    if (p === undefined) {
      p = find(key, signal)
      seen.set(key, p)
      p.catch(() => seen.delete(key))
    }
    return p
  }
}

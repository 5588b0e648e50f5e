/**
 * The DNS provider contract (a plugin family, src/plugins.ts): what DNSLink needs of a DNS
 * service. One file per provider exports a descriptor (`defineDnsProvider`) whose factory returns
 * a plain object; names are full domain names, TXT contents are given and returned unquoted (each
 * provider quotes as its API wants).
 */
import type { InputName } from '../config/action-spec.generated.js'
import type { Plugin } from '../plugins.js'
import type { CallOptions, ProviderDeps } from '../providers/types.js'

/** A zone: the provider's id for it and its name (`example.org`). */
export interface Zone {
  readonly id: string
  readonly name: string
}

/** A TXT record at one name. */
export interface TxtRecord {
  readonly id: string
  /** The text, without the quotes DNS wire format and some APIs put around it. */
  readonly content: string
}

export interface DnsProvider {
  readonly id: string
  /**
   * The zone `domain` is in: the one the inputs name, or else the longest zone the credentials
   * can see that `domain` is in or under.
   */
  zoneOf(domain: string, opts?: CallOptions): Promise<Zone>
  listTxt(zone: Zone, fqdn: string, opts?: CallOptions): Promise<TxtRecord[]>
  createTxt(zone: Zone, fqdn: string, content: string, opts?: CallOptions): Promise<void>
  updateTxt(
    zone: Zone,
    record: TxtRecord,
    fqdn: string,
    content: string,
    opts?: CallOptions,
  ): Promise<void>
  deleteTxt(zone: Zone, record: TxtRecord, opts?: CallOptions): Promise<void>
}

/** What every DNS provider's options hold. */
export interface DnsOptions {
  readonly id: string
  /** The zone named by `dns-zone`, if any (else found). */
  readonly zone?: string
  /** TTL of the records written, seconds. */
  readonly ttl: number
  readonly credentials?: readonly InputName[]
}

// DNS providers have no traits yet: the family's shape leaves room for them.
export type DnsTraits = Readonly<Record<string, never>>

export type DnsDescriptor<Id extends string = string, O extends DnsOptions = DnsOptions> = Plugin<
  Id,
  O,
  DnsTraits,
  DnsProvider,
  ProviderDeps
> & { readonly family: 'dns' }

export function defineDnsProvider<const Id extends string, O extends DnsOptions & { id: Id }>(
  d: DnsDescriptor<Id, O>,
): DnsDescriptor<Id, O> {
  return d
}

/** A domain's parents, itself first: the zones it may be in, longest first. */
export function zoneCandidates(domain: string): string[] {
  const labels = domain.split('.')
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'))
}

/** TXT content without one pair of surrounding quotes (APIs return either form). */
export const unquote = (text: string): string =>
  text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text

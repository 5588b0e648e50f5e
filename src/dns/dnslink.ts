/**
 * DNSLink (docs/names/dnslink.md): the TXT record `_dnslink.<name>` holding
 * `dnslink=/ipfs/<cid>`. Exactly one `dnslink=` record per name is kept: created, or updated in
 * place, extra ones removed; every other TXT record at that name (site verification, SPF) is
 * left alone. No write when the record already says the same; a dry run reads and reports.
 */
import { errorMessage } from '../errors.js'
import type { CallOptions } from '../providers/types.js'
import type { DnsProvider, TxtRecord, Zone } from './types.js'

/** One name's change, an entry of the `dnslink` output. */
export interface DnslinkChange {
  readonly name: string
  readonly record: string
  /** The value it pointed at before, if any (`/ipfs/<cid>`). */
  readonly from?: string
  /** The value it points at after (absent once deleted). */
  readonly value?: string
  readonly action: 'created' | 'updated' | 'unchanged' | 'deleted' | 'absent' | 'failed'
  readonly dryRun?: true
  readonly url?: string
  readonly error?: string
}

const PREFIX = 'dnslink='
const isDnslink = (r: TxtRecord): boolean => r.content.startsWith(PREFIX)

async function current(
  dns: DnsProvider,
  name: string,
  opts: CallOptions,
): Promise<{ zone: Zone; fqdn: string; links: TxtRecord[] }> {
  const zone = await dns.zoneOf(name, opts)
  const fqdn = `_dnslink.${name}`
  const links = (await dns.listTxt(zone, fqdn, opts)).filter(isDnslink)
  return { zone, fqdn, links }
}

/** What `name` points at now, read from the provider's API (no resolver cache). */
export async function readDnslink(
  dns: DnsProvider,
  name: string,
  opts: CallOptions = {},
): Promise<string | undefined> {
  const { links } = await current(dns, name, opts)
  return links[0]?.content.slice(PREFIX.length)
}

/** Points `name` at `value` (`/ipfs/<cid>`). */
export async function setDnslink(
  dns: DnsProvider,
  name: string,
  value: string,
  opts: CallOptions & { dryRun: boolean },
): Promise<DnslinkChange> {
  const record = `_dnslink.${name}`
  try {
    const { zone, fqdn, links } = await current(dns, name, opts)
    const want = `${PREFIX}${value}`
    const from = links[0]?.content.slice(PREFIX.length)
    // Keep a record that already says it (a service refuses two identical ones), else the first.
    const keep = links.find((r) => r.content === want) ?? links[0]
    const extra = links.filter((r) => r !== keep)
    const base = { name, record, value, ...(from !== undefined ? { from } : {}) }
    if (keep !== undefined && keep.content === want && extra.length === 0)
      return { ...base, action: 'unchanged' }
    const action = keep === undefined ? 'created' : 'updated'
    if (opts.dryRun) return { ...base, action, dryRun: true }
    if (keep === undefined) await dns.createTxt(zone, fqdn, want, opts)
    else if (keep.content !== want) await dns.updateTxt(zone, keep, fqdn, want, opts)
    for (const r of extra) await dns.deleteTxt(zone, r, opts)
    return { ...base, action }
  } catch (err) {
    return { name, record, value, action: 'failed', error: errorMessage(err) }
  }
}

/** Removes the `dnslink=` record of `name` (a closed pull request's preview name). */
export async function removeDnslink(
  dns: DnsProvider,
  name: string,
  opts: CallOptions & { dryRun: boolean },
): Promise<DnslinkChange> {
  const record = `_dnslink.${name}`
  try {
    const { zone, links } = await current(dns, name, opts)
    const from = links[0]?.content.slice(PREFIX.length)
    const base = { name, record, ...(from !== undefined ? { from } : {}) }
    if (links.length === 0) return { ...base, action: 'absent' }
    if (opts.dryRun) return { ...base, action: 'deleted', dryRun: true }
    for (const r of links) await dns.deleteTxt(zone, r, opts)
    return { ...base, action: 'deleted' }
  } catch (err) {
    return { name, record, action: 'failed', error: errorMessage(err) }
  }
}

/**
 * A URL of `name` that works with no DNS record of one's own: the DNSLink subdomain gateway form
 * (`-` doubled, then `.` made `-`, under `.ipns.<gateway host>`), or the path form when the
 * inlined label would be longer than 63 characters.
 */
export function dnslinkUrl(gateway: string, name: string): string {
  const url = new URL(gateway)
  const label = name.replace(/-/g, '--').replace(/\./g, '-')
  if (label.length > 63 || (url.pathname !== '/' && url.pathname !== ''))
    return `${gateway.replace(/\/+$/, '')}/ipns/${name}`
  return `${url.protocol}//${label}.ipns.${url.host}`
}

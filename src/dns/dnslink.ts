/**
 * DNSLink (docs/names/dnslink.md): the TXT record `_dnslink.<name>` holding
 * `dnslink=/ipfs/<cid>`, through any DNS provider of the family (src/dns/types.ts). The name is
 * read first (a dry run stops there and reports); the provider then makes this value the one
 * `dnslink=` value at the name, every other TXT value untouched, and reads it back. The change
 * counts only when that read shows exactly one `dnslink=` value, this one: anything else (another
 * run's value, none, several) is a failure that says what the name holds.
 */
import { errorMessage } from '../errors.js'
import type { CallOptions } from '../http/deps.js'
import { dnslinkValues, type DnsProvider } from './types.js'

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
  /** Extra `dnslink=` records removed: another tool's, or another run's made at the same moment. */
  readonly duplicatesRemoved?: number
  readonly url?: string
  readonly error?: string
}

const recordOf = (name: string): string => `_dnslink.${name}`

const listed = (values: readonly string[]): string => values.map((v) => `dnslink=${v}`).join(', ')

/**
 * Every `dnslink=` value `name` has now (paths such as `/ipfs/<cid>`), read from the provider's
 * API (no resolver cache). Throws when the name cannot be read, or is delegated by a CNAME
 * (what it points to is then unknown here).
 */
export async function readDnslink(
  dns: DnsProvider,
  name: string,
  opts: CallOptions = {},
): Promise<string[]> {
  const state = await dns.readTxt(recordOf(name), opts)
  if (state.delegatedTo !== undefined)
    throw new Error(
      `${state.fqdn} is a CNAME to ${state.delegatedTo}, which this provider does not read as the name's DNSLink`,
    )
  return dnslinkValues(state)
}

/** Why a write did not leave exactly `value` at the name, from what was read back. */
function unlike(after: readonly string[], value: string): string {
  if (after.length === 0)
    return 'after writing, the name holds no dnslink= record: another run removed it at the same moment. Run again'
  if (after.length === 1)
    return `another run wrote ${listed(after)} at the same moment, and the name keeps it (when two runs write one name at once, the record written first stays). Run again to point it at this deploy, and give the workflows that set this name one "concurrency" group`
  return `after writing, the name holds ${after.length} dnslink= records (${listed(after)}), not only ${listed([value])}. Run again`
}

/** Points `name` at `value` (`/ipfs/<cid>` or `/ipns/<name>`). */
export async function setDnslink(
  dns: DnsProvider,
  name: string,
  value: string,
  opts: CallOptions & { dryRun: boolean },
): Promise<DnslinkChange> {
  const record = recordOf(name)
  try {
    const state = await dns.readTxt(record, opts)
    const before = dnslinkValues(state)
    const from = before[0]
    const base = { name, record, value, ...(from !== undefined ? { from } : {}) }
    if (state.delegatedTo === undefined && before.length === 1 && from === value)
      return { ...base, action: 'unchanged' }
    const action = before.length === 0 ? 'created' : 'updated'
    if (opts.dryRun && state.delegatedTo === undefined) return { ...base, action, dryRun: true }
    const w = await dns.setDnslink(record, value, { ...opts, expect: state })
    const removed = w.duplicatesRemoved > 0 ? { duplicatesRemoved: w.duplicatesRemoved } : {}
    if (w.after.length !== 1 || w.after[0] !== value)
      return { ...base, action: 'failed', ...removed, error: unlike(w.after, value) }
    return { ...base, action: w.outcome === 'unchanged' ? 'unchanged' : action, ...removed }
  } catch (err) {
    return { name, record, value, action: 'failed', error: errorMessage(err) }
  }
}

/**
 * Removes the `dnslink=` record of `name` (a closed pull request's preview name): the values
 * `onlyIf` accepts (every one by default); other TXT values stay.
 */
export async function removeDnslink(
  dns: DnsProvider,
  name: string,
  opts: CallOptions & { dryRun: boolean; onlyIf?: (value: string) => boolean },
): Promise<DnslinkChange> {
  const record = recordOf(name)
  const onlyIf = opts.onlyIf ?? (() => true)
  try {
    const state = await dns.readTxt(record, opts)
    const before = dnslinkValues(state)
    const from = before[0]
    const base = { name, record, ...(from !== undefined ? { from } : {}) }
    if (state.delegatedTo === undefined) {
      if (before.length === 0) return { ...base, action: 'absent' }
      if (!before.some(onlyIf)) return { ...base, action: 'unchanged' }
      if (opts.dryRun) return { ...base, action: 'deleted', dryRun: true }
    }
    const w = await dns.removeDnslink(record, { ...opts, onlyIf, expect: state })
    const left = w.after.filter(onlyIf)
    if (left.length > 0)
      return {
        ...base,
        action: 'failed',
        error: `after removing, the name holds ${listed(left)}: another run wrote it at the same moment. Run again`,
      }
    return { ...base, action: w.outcome === 'absent' ? 'absent' : 'deleted' }
  } catch (err) {
    return { name, record, action: 'failed', error: errorMessage(err) }
  }
}

export { dnslinkUrl } from '../http/gateway-url.js'

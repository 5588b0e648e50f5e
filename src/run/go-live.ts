/**
 * Making the site live at its names, after the deploy: the retrieval check first (the content
 * must come back from the gateways, verified), then the IPNS record, then DNSLink (only once the
 * deploy succeeded and, when the check is on, the content was retrieved). On cleanup, a pull
 * request's own names are removed before anything is unpinned; and every name read from the DNS
 * provider's API, and the IPNS name, protect what they point to from being unpinned. Which names
 * and records a run may write is the run's decision (`config.may`, src/config/may-change.ts):
 * every write here asks it.
 */
import type { CID } from 'multiformats/cid'
import { checkRetrieval, type GatewayResult } from '../check/retrieval.js'
import type { DnsConfig } from '../config/types.js'
import type { Config } from '../config/types.js'
import type { BlockIndex } from '../content/block-index.js'
import {
  dnslinkUrl,
  readDnslink,
  removeDnslink,
  setDnslink,
  type DnslinkChange,
} from '../dns/dnslink.js'
import type { DnsProvider } from '../dns/types.js'
import { sameCid } from '../cid.js'
import { errorMessage, quote } from '../errors.js'
import { nameTarget, publishName, type IpnsResult } from '../ipns/publish.js'
import { valueCid } from '../ipns/record.js'
import type { Host } from '../io.js'
import { mayWriteName } from '../config/may-change.js'
import type { Session } from '../http/session.js'

export interface LiveResult {
  readonly checks: GatewayResult[]
  readonly dnslink: DnslinkChange[]
  /** The IPNS record published, when `ipns-key` is set. */
  readonly ipns?: IpnsResult
  /** Why the run fails, when the check (policy fail), the IPNS publish or a DNS write failed. */
  readonly failure?: string
}

const duplicates = (c: DnslinkChange): string =>
  c.duplicatesRemoved !== undefined
    ? `; ${c.duplicatesRemoved} other dnslink= record${c.duplicatesRemoved === 1 ? ' was' : 's were'} removed (a name keeps one)`
    : ''

const unchanged = (config: Config, why: string): DnslinkChange[] =>
  config.names.dnslink
    .filter((d) => mayWriteName(config.may, d.name, 'set'))
    .map((d) => ({
      name: d.name,
      record: `_dnslink.${d.name}`,
      action: 'failed' as const,
      error: `not changed: ${why}`,
    }))

const ipnsLog = (host: Host) => ({
  log: (m: string) => host.info(m),
  warn: (m: string) => host.warning(m),
})

/** One DNS provider per run (its zone lookups are cached for the run). */
const providers = new WeakMap<Session, DnsProvider>()
function dnsOf(dns: DnsConfig, session: Session): DnsProvider {
  let p = providers.get(session)
  if (p === undefined) {
    p = dns.descriptor.create(dns.options, session.deps)
    providers.set(session, p)
  }
  return p
}

/** The URL of each name that works without a DNS record of one's own. */
const withUrl = (config: Config, c: DnslinkChange): DnslinkChange =>
  c.action === 'deleted' || c.action === 'absent' || c.action === 'failed'
    ? c
    : { ...c, url: dnslinkUrl(config.report.gateway, c.name) }

/** After a deploy that succeeded: check retrieval, then point the names at the content. */
export async function goLive(
  config: Config,
  root: CID,
  index: BlockIndex | undefined,
  session: Session,
  host: Host,
): Promise<LiveResult> {
  const { check, dns, dnslink } = config.names
  let checks: GatewayResult[] = []
  if (check !== undefined) {
    checks = await checkRetrieval(root, index, check, session, (m) => host.info(m))
    const failed = checks.filter((c) => c.status === 'failed')
    if (failed.length > 0) {
      const why = `The retrieval check failed: ${failed.map((f) => `${f.gateway}: ${f.error ?? 'failed'}`).join('; ')}`
      if (check.policy === 'fail')
        return {
          checks,
          dnslink: unchanged(config, 'the retrieval check failed'),
          failure: `${why}. No DNS or IPNS record was changed.`,
        }
      host.warning(`${why} (check-policy: warn).`)
    }
  }
  const content = `/ipfs/${root.toV1().toString()}`
  let ipns: IpnsResult | undefined
  // Who may change what was decided at the start (src/config/may-change.ts); what this run
  // leaves alone was said there, once.
  if (config.names.ipns !== undefined && config.may.ipns?.may === 'publish') {
    ipns = await publishName(config.names.ipns, content, session, {
      gateway: config.report.gateway,
      dryRun: config.cleanup.dryRun,
      ...ipnsLog(host),
    })
    if (ipns.failure !== undefined)
      return {
        checks,
        ipns,
        dnslink: unchanged(config, 'the IPNS name was not published'),
        failure: ipns.failure,
      }
  }
  const withIpns = ipns !== undefined ? { ipns } : {}
  const named = config.names.ipns?.key.name
  const value =
    config.names.dnslinkTarget === 'ipns' && named !== undefined ? `/ipns/${named}` : content
  const mine = dnslink.filter((d) => mayWriteName(config.may, d.name, 'set'))
  if (
    dns === undefined ||
    mine.length === 0 ||
    (value === content && config.names.dnslinkTarget === 'ipns')
  )
    return { checks, dnslink: [], ...withIpns }
  const provider = dnsOf(dns, session)
  const changes: DnslinkChange[] = []
  for (const d of mine) {
    const c = withUrl(
      config,
      await setDnslink(provider, d.name, value, {
        dryRun: config.cleanup.dryRun,
        signal: session.limit(),
      }),
    )
    changes.push(c)
    host.info(
      c.action === 'failed'
        ? `dnslink: ${d.name}: ${session.clean(c.error ?? 'failed')}`
        : `dnslink: ${d.name}: ${c.dryRun === true ? `dry run, would be ${c.action}` : c.action} → ${value}${duplicates(c)}`,
    )
  }
  const failed = changes.filter((c) => c.action === 'failed')
  return {
    checks,
    dnslink: changes,
    ...withIpns,
    ...(failed.length > 0
      ? {
          failure: failed
            .map((c) => `DNSLink ${c.name}: ${session.clean(c.error ?? 'failed')}`)
            .join('\n'),
        }
      : {}),
  }
}

/** On `mode: cleanup`: removes this pull request's own names, before anything is unpinned. */
export async function retireNames(
  config: Config,
  session: Session,
  host: Host,
): Promise<{ dnslink: DnslinkChange[]; failure?: string }> {
  const { dns, dnslink } = config.names
  const own = dnslink.filter((d) => mayWriteName(config.may, d.name, 'remove'))
  if (dns === undefined || own.length === 0) return { dnslink: [] }
  const provider = dnsOf(dns, session)
  const changes: DnslinkChange[] = []
  for (const d of own) {
    const c = await removeDnslink(provider, d.name, {
      dryRun: config.cleanup.dryRun,
      signal: session.limit(),
    })
    changes.push(c)
    host.info(
      c.action === 'failed'
        ? `dnslink: ${d.name}: ${session.clean(c.error ?? 'failed')}`
        : `dnslink: ${d.name}: ${c.dryRun === true ? 'dry run, would be deleted' : c.action}`,
    )
  }
  const failed = changes.filter((c) => c.action === 'failed')
  return {
    dnslink: changes,
    ...(failed.length > 0
      ? {
          failure: failed
            .map((c) => `DNSLink ${c.name}: ${session.clean(c.error ?? '')}`)
            .join('\n'),
        }
      : {}),
  }
}

/** `mode: republish`: the IPNS record re-signed with the value it has now. */
export async function republish(
  config: Config,
  session: Session,
  host: Host,
): Promise<{ ipns?: IpnsResult; failure?: string }> {
  // A fork without the key, a pull request: nothing is republished (said at the start).
  if (config.names.ipns === undefined || config.may.ipns?.may !== 'republish') return {}
  const ipns = await publishName(config.names.ipns, undefined, session, {
    gateway: config.report.gateway,
    dryRun: config.cleanup.dryRun,
    ...ipnsLog(host),
  })
  return { ipns, ...(ipns.failure !== undefined ? { failure: ipns.failure } : {}) }
}

/**
 * What a name's value protects: the CID of an `/ipfs/` path (in whatever multibase the name
 * writes it), nothing for this run's own IPNS name (read as such), and an error for anything
 * else, since what it points to cannot be known here.
 */
function protects(
  value: string,
  where: string,
  config: Config,
  session: Session,
): { cid?: string; error?: string } {
  const cid = valueCid(value)
  if (cid !== undefined) return { cid: cid.toV1().toString() }
  const own = config.names.ipns?.key.name
  const name = /^\/ipns\/([^/?#]+)/.exec(value.trim())?.[1]
  if (own !== undefined && name !== undefined && (name === own || sameCid(name, own))) return {}
  return {
    error: `${where} holds ${session.clean(quote(value, 200))}, which names no CID this run can read (an /ipfs/<cid> path${own !== undefined ? `, or /ipns/${own}` : ''}), so what it keeps live is unknown`,
  }
}

/**
 * The CIDs the configured names point to now, read from the DNS provider's API (not a resolver's
 * cache) and from the IPNS targets: cleanup never unpins them. Every `dnslink=` value at every
 * name the run knows counts, its CID compared in any multibase. A name that cannot be read, or a
 * value that names no CID this run can read, is an error: cleanup then keeps everything rather
 * than guess.
 */
export async function protectedByNames(
  config: Config,
  session: Session,
): Promise<{ cids: Array<{ cid: string; reason: string }>; error?: string }> {
  const { dns, dnslink, ipns } = config.names
  const cids: Array<{ cid: string; reason: string }> = []
  if (ipns !== undefined) {
    const at = await nameTarget(ipns, session)
    if (at.error !== undefined) return { cids, error: at.error }
    if (at.value !== undefined) {
      const p = protects(at.value, `the IPNS name ${ipns.key.name}`, config, session)
      if (p.error !== undefined) return { cids, error: p.error }
      if (p.cid !== undefined)
        cids.push({ cid: p.cid, reason: `the IPNS name ${ipns.key.name} points to it` })
    }
  }
  if (dns === undefined) return { cids }
  const provider = dnsOf(dns, session)
  for (const d of dnslink) {
    let values: string[]
    try {
      values = await readDnslink(provider, d.name, { signal: session.limit() })
    } catch (err) {
      return {
        cids,
        error: `the DNSLink of ${d.name} could not be read: ${session.clean(errorMessage(err))}`,
      }
    }
    for (const value of values) {
      const p = protects(`${value}`, `the DNSLink of ${d.name}`, config, session)
      if (p.error !== undefined) return { cids, error: p.error }
      if (p.cid !== undefined)
        cids.push({ cid: p.cid, reason: `the DNSLink of ${d.name} points to it` })
    }
  }
  return { cids }
}

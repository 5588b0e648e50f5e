/**
 * Making the site live at its names, after the deploy: the retrieval check first (the content
 * must come back from the gateways, verified), then DNSLink (only once the deploy succeeded and,
 * when the check is on, the content was retrieved). On cleanup, a pull request's own names are
 * removed before anything is unpinned; and every name read from the DNS provider's API protects
 * what it points to from being unpinned.
 */
import { CID } from 'multiformats/cid'
import { checkRetrieval, type GatewayResult } from './check/retrieval.js'
import type { DnsConfig } from './config/types.js'
import type { Config } from './config/types.js'
import type { BlockIndex } from './content/block-index.js'
import {
  dnslinkUrl,
  readDnslink,
  removeDnslink,
  setDnslink,
  type DnslinkChange,
} from './dns/dnslink.js'
import type { DnsProvider } from './dns/types.js'
import { errorMessage } from './errors.js'
import type { Host } from './io.js'
import type { Session } from './session.js'

export interface LiveResult {
  readonly checks: GatewayResult[]
  readonly dnslink: DnslinkChange[]
  /** Why the run fails, when the check (policy fail) or a DNS write failed. */
  readonly failure?: string
}

const dnsOf = (dns: DnsConfig, session: Session): DnsProvider =>
  dns.descriptor.create(dns.options, session.deps)

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
          dnslink: dnslink.map((d) => ({
            name: d.name,
            record: `_dnslink.${d.name}`,
            action: 'failed' as const,
            error: 'not changed: the retrieval check failed',
          })),
          failure: `${why}. No DNS record was changed.`,
        }
      host.warning(`${why} (check-policy: warn).`)
    }
  }
  if (dns === undefined || dnslink.length === 0) {
    if (config.names.dnsSkipped)
      host.warning(
        'This pull request comes from a fork, without DNS credentials: the DNSLink names were left as they are.',
      )
    return { checks, dnslink: [] }
  }
  const provider = dnsOf(dns, session)
  const value = `/ipfs/${root.toV1().toString()}`
  const changes: DnslinkChange[] = []
  for (const d of dnslink) {
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
        : `dnslink: ${d.name}: ${c.dryRun === true ? `dry run, would be ${c.action}` : c.action} → ${value}`,
    )
  }
  const failed = changes.filter((c) => c.action === 'failed')
  return {
    checks,
    dnslink: changes,
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
  const own = dnslink.filter((d) => d.perPullRequest)
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

/**
 * The CIDs the configured names point to now, read from the DNS provider's API (not a resolver's
 * cache): cleanup never unpins them. A name that cannot be read is an error: cleanup then keeps
 * everything rather than guess.
 */
export async function protectedByNames(
  config: Config,
  session: Session,
): Promise<{ cids: Array<{ cid: string; name: string }>; error?: string }> {
  const { dns, dnslink } = config.names
  if (dns === undefined) return { cids: [] }
  const provider = dnsOf(dns, session)
  const cids: Array<{ cid: string; name: string }> = []
  for (const d of dnslink) {
    let value: string | undefined
    try {
      value = await readDnslink(provider, d.name, { signal: session.limit() })
    } catch (err) {
      return {
        cids,
        error: `the DNSLink of ${d.name} could not be read: ${session.clean(errorMessage(err))}`,
      }
    }
    const m = value !== undefined ? /^\/ipfs\/([^/]+)/.exec(value) : null
    if (m?.[1] === undefined) continue
    try {
      cids.push({ cid: CID.parse(m[1]).toString(), name: d.name })
    } catch {
      // Not a CID (an /ipns/ name, a typo): nothing of ours to protect by it.
    }
  }
  return { cids }
}

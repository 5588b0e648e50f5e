/**
 * DNSLink as a name kind (src/names/kind.ts): the `dnslink` names, on the run's DNS provider
 * (one instance per run, its zone lookups cached for the run). Protects every `dnslink=` value
 * at every name the run knows, read from the provider's API; sets the names the decision lets
 * this run set (the value is the IPNS name when `dnslink-target: ipns`); retires a closed pull
 * request's own names.
 */
import type { Config, DnsConfig } from '../config/types.js'
import { mayWriteName } from '../config/may-change.js'
import {
  dnslinkUrl,
  readDnslink,
  removeDnslink,
  setDnslink,
  type DnslinkChange,
} from '../dns/dnslink.js'
import type { DnsProvider } from '../dns/types.js'
import { errorMessage } from '../errors.js'
import type { Session } from '../http/session.js'
import {
  protectedBy,
  type KindStep,
  type NameEnv,
  type NameKind,
  type ProtectedCid,
} from './kind.js'

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

const duplicates = (c: DnslinkChange): string =>
  c.duplicatesRemoved !== undefined
    ? `; ${c.duplicatesRemoved} other dnslink= record${c.duplicatesRemoved === 1 ? ' was' : 's were'} removed (a name keeps one)`
    : ''

/** The URL of each name that works without a DNS record of one's own. */
const withUrl = (gateway: string, c: DnslinkChange): DnslinkChange =>
  c.action === 'deleted' || c.action === 'absent' || c.action === 'failed'
    ? c
    : { ...c, url: dnslinkUrl(gateway, c.name) }

function failureOf(changes: readonly DnslinkChange[], session: Session): KindStep {
  const failed = changes.filter((c) => c.action === 'failed')
  if (failed.length === 0) return { dnslink: [...changes] }
  return {
    dnslink: [...changes],
    failure: failed
      .map((c) => `DNSLink ${c.name}: ${session.clean(c.error ?? 'failed')}`)
      .join('\n'),
  }
}

/**
 * `write` at each name in turn (the dry run and the time limit passed on), each result logged:
 * the error of one that failed, else `said` of it.
 */
async function eachName(
  names: readonly { readonly name: string }[],
  env: NameEnv,
  write: (name: string, opts: { dryRun: boolean; signal: AbortSignal }) => Promise<DnslinkChange>,
  said: (c: DnslinkChange) => string,
): Promise<KindStep> {
  const changes: DnslinkChange[] = []
  for (const d of names) {
    const c = await write(d.name, { dryRun: env.decision.dryRun, signal: env.session.limit() })
    changes.push(c)
    env.host.info(
      `dnslink: ${d.name}: ${c.action === 'failed' ? env.session.clean(c.error ?? 'failed') : said(c)}`,
    )
  }
  return failureOf(changes, env.session)
}

export function dnslinkKind(names: Config['names']): NameKind {
  const { dns, dnslink, dnslinkTarget } = names
  const ownIpns = names.ipns?.key.name
  return {
    id: 'dnslink',
    notSet: 'a DNSLink was not set',
    async protects(env) {
      const cids: ProtectedCid[] = []
      if (dns === undefined) return { cids }
      const provider = dnsOf(dns, env.session)
      for (const d of dnslink) {
        let values: string[]
        try {
          values = await readDnslink(provider, d.name, { signal: env.session.limit() })
        } catch (err) {
          return {
            cids,
            error: `the DNSLink of ${d.name} could not be read: ${env.session.clean(errorMessage(err))}`,
          }
        }
        for (const value of values) {
          const where = `the DNSLink of ${d.name}`
          const p = protectedBy(`${value}`, where, ownIpns, env.session)
          if (p.error !== undefined) return { cids, error: p.error }
          if (p.cid !== undefined) cids.push({ cid: p.cid, reason: `${where} points to it` })
        }
      }
      return { cids }
    },
    async set(content, env) {
      const value = dnslinkTarget === 'ipns' && ownIpns !== undefined ? `/ipns/${ownIpns}` : content
      const mine = dnslink.filter((d) => mayWriteName(env.decision.may, d.name, 'set'))
      if (dns === undefined || mine.length === 0 || (value === content && dnslinkTarget === 'ipns'))
        return { dnslink: [] }
      const provider = dnsOf(dns, env.session)
      return eachName(
        mine,
        env,
        async (name, opts) =>
          withUrl(env.decision.gateway, await setDnslink(provider, name, value, opts)),
        (c) =>
          `${c.dryRun === true ? `dry run, would be ${c.action}` : c.action} → ${value}${duplicates(c)}`,
      )
    },
    unchanged: (why, env) => ({
      dnslink: dnslink
        .filter((d) => mayWriteName(env.decision.may, d.name, 'set'))
        .map((d) => ({
          name: d.name,
          record: `_dnslink.${d.name}`,
          action: 'failed' as const,
          error: `not changed: ${why}`,
        })),
    }),
    async retire(env) {
      const own = dnslink.filter((d) => mayWriteName(env.decision.may, d.name, 'remove'))
      if (dns === undefined || own.length === 0) return { dnslink: [] }
      const provider = dnsOf(dns, env.session)
      return eachName(
        own,
        env,
        (name, opts) => removeDnslink(provider, name, opts),
        (c) => (c.dryRun === true ? 'dry run, would be deleted' : c.action),
      )
    },
    republish: () => Promise.resolve({ dnslink: [] }),
  }
}

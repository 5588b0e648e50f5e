/**
 * Amazon Route 53 record sets (docs/names/route53.md): REST-XML under `/2013-04-01/`, signed
 * with SigV4 by the one AWS module (src/http/aws.ts) through the one HTTP client.
 *
 * - credentials: `aws-access-key-id` / `aws-secret-access-key` / `aws-session-token`, or the
 *   environment `aws-actions/configure-aws-credentials` leaves (OIDC session tokens included).
 *   Signed for us-east-1 (China and GovCloud endpoints: their own region), never `AWS_REGION`:
 *   Route 53 is global.
 * - zone: `route53-hosted-zone-id`, or `ListHostedZonesByName`, a cursor, asked for each parent
 *   of the name, longest first: a public zone of exactly that name, never a guess between two.
 * - read: `ListResourceRecordSets` from the name on (no type: a CNAME sorts before TXT), the sets
 *   of that exact name kept, bounded pages; TXT values parsed from presentation form (octal
 *   escapes, strings joined).
 * - write: one batch `[DELETE the set exactly as read, CREATE the new set]` (or `[CREATE]`,
 *   or `[DELETE]`): if anyone changed the set in between, Route 53 refuses the whole batch
 *   (`InvalidChangeBatch`) and this reads again and retries, 3 attempts in all. Never `UPSERT`.
 * - propagation: after a set, `GetChange` polled every 3 s on the run's clock until `INSYNC`
 *   (`route53-wait`, `route53-wait-timeout`); `Throttling` and `PriorRequestNotComplete` are
 *   retried by the one policy (src/http/policy.ts).
 */
import { parseChoice, parseDuration } from '../inputs/parse.js'
import { InputError } from '../errors.js'
import { awsSecrets, resolveAwsCredentials, type AwsCredentials } from '../http/aws.js'
import { systemClock } from '../http/deadline.js'
import { needUrl } from '../inputs/read.js'
import type { CallOptions, ProviderDeps } from '../http/deps.js'
import {
  bare,
  createRoute53Api,
  list,
  Stale,
  text,
  type Change,
  type XmlSet,
} from './route53-api.js'
import { parseTxt, presentTxt } from './txt.js'
import {
  cached,
  clampTtl,
  defineDnsProvider,
  dnslinkValues,
  DNSLINK_PREFIX,
  isDnslink,
  zoneCandidates,
  type DnsCapabilities,
  type DnsOptions,
  type DnsProvider,
  type DnslinkWrite,
  type TxtState,
  type Zone,
} from './types.js'

export interface Route53Options extends DnsOptions {
  readonly id: 'route53'
  readonly apiUrl: string
  readonly aws: AwsCredentials
  readonly awsSource: 'inputs' | 'environment'
  readonly hostedZoneId?: string
  /** Wait for `INSYNC` after a set. */
  readonly wait: boolean
  readonly waitTimeoutMs: number
}

const CAPABILITIES: DnsCapabilities = {
  model: 'rrset',
  compareAndSwap: true,
  minTtl: 0,
  maxTtl: 2_147_483_647,
  syncWait: true,
}
const CAS_ATTEMPTS = 3
const MAX_PAGES = 10
export const POLL_MS = 3000
const CREDS = {
  accessKeyId: 'aws-access-key-id',
  secretAccessKey: 'aws-secret-access-key',
  sessionToken: 'aws-session-token',
} as const

export const route53 = defineDnsProvider({
  family: 'dns-provider',
  id: 'route53',
  title: 'Amazon Route 53 (SigV4: inputs, or the environment configure-aws-credentials sets)',
  docs: 'docs/names/route53.md',
  inputs: [
    { name: 'aws-access-key-id', secret: true },
    { name: 'aws-secret-access-key', secret: true },
    { name: 'aws-session-token', secret: true },
    { name: 'route53-api-url' },
    { name: 'route53-hosted-zone-id' },
    { name: 'route53-wait' },
    { name: 'route53-wait-timeout' },
  ],
  credentials: ['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token'],
  traits: {},
  read(ctx): Route53Options {
    const zoneId = ctx.raw('route53-hosted-zone-id').replace(/^\/?hostedzone\//, '')
    if (zoneId !== '' && !/^Z[A-Z0-9]{1,32}$/.test(zoneId))
      throw new InputError(
        'route53-hosted-zone-id',
        `Input "route53-hosted-zone-id" is not a Route 53 hosted zone id (Z followed by capital letters and digits, such as Z0123456789ABCDEFGHIJ: the "Hosted zone ID" on the zone's page).`,
      )
    const { credentials, source } = resolveAwsCredentials(
      {
        accessKeyId: ctx.raw('aws-access-key-id'),
        secretAccessKey: ctx.raw('aws-secret-access-key'),
        sessionToken: ctx.raw('aws-session-token'),
      },
      { names: CREDS, fromEnvironment: true, why: 'dns-provider "route53"' },
    )
    for (const s of awsSecrets(credentials)) ctx.secret(s)
    return {
      id: 'route53',
      apiUrl: needUrl(ctx, 'route53-api-url', 'dns-provider "route53"'),
      aws: credentials,
      awsSource: source,
      ttl: 60,
      wait:
        parseChoice('route53-wait', ctx.raw('route53-wait'), ['insync', 'none'] as const) ===
        'insync',
      waitTimeoutMs: parseDuration('route53-wait-timeout', ctx.raw('route53-wait-timeout'), {
        allowZero: false,
      }),
      ...(zoneId !== '' ? { hostedZoneId: zoneId } : {}),
    }
  },
  create: (options: Route53Options, deps) => createRoute53Provider(options, deps),
})

/** The TXT set as read: what a DELETE must repeat exactly. */
interface Snapshot {
  readonly ttl: number
  readonly raw: readonly string[]
}
export function createRoute53Provider(o: Route53Options, deps: ProviderDeps): DnsProvider {
  const clock = deps.clock ?? systemClock
  const api = createRoute53Api(
    {
      apiUrl: o.apiUrl,
      aws: o.aws,
      // A 403 names where the keys came from: the inputs, or the environment's variables.
      credentials:
        o.awsSource === 'environment'
          ? ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']
          : (o.credentials ?? ['aws-access-key-id', 'aws-secret-access-key']),
    },
    deps,
  )
  const { fail } = api
  /** Public zones named exactly `name` (a cursor listing: bounded, stops past the name). */
  const zonesNamed = cached(async (name: string, signal?: AbortSignal): Promise<string[]> => {
    const found: string[] = []
    let query: Record<string, string | number> = { dnsname: name, maxitems: 10 }
    for (let page = 0; page < 3; page++) {
      const { zones, next } = await api.zones(query, signal)
      for (const z of zones)
        if (
          bare(text(z.Name)) === name &&
          text((z.Config as { PrivateZone?: unknown })?.PrivateZone) !== 'true'
        )
          found.push(text(z.Id).replace(/^\/hostedzone\//, ''))
      if (next === undefined || zones.some((z) => bare(text(z.Name)) !== name)) return found
      if (bare(next.dnsname) !== name) return found
      query = { ...next, maxitems: 10 }
    }
    return found
  })

  async function zoneOf(domain: string, opts?: CallOptions): Promise<Zone> {
    const name = bare(domain)
    if (o.hostedZoneId !== undefined) return { id: o.hostedZoneId, name: o.zone ?? name }
    // A zone of the `_dnslink` name itself is not looked for (src/dns/types.ts zoneCandidates):
    // such a delegation takes "route53-hosted-zone-id".
    const names = o.zone !== undefined ? [o.zone] : zoneCandidates(name)
    for (const candidate of names) {
      const ids = await zonesNamed(candidate, opts?.signal)
      if (ids.length === 1) return { id: ids[0] ?? '', name: candidate }
      if (ids.length > 1)
        throw fail(
          'dns-read',
          `${ids.length} public hosted zones are named ${candidate} (${ids.join(', ')}): set "route53-hosted-zone-id" to the one the domain is delegated to`,
        )
    }
    throw fail(
      'dns-read',
      o.zone !== undefined
        ? `no public hosted zone is named "${o.zone}" (check "dns-zone", or set "route53-hosted-zone-id")`
        : `no zone the credentials can see holds ${name} (tried ${names.join(', ')}); set "dns-zone" or "route53-hosted-zone-id"`,
    )
  }

  async function readTxt(fqdn: string, opts: CallOptions = {}): Promise<TxtState> {
    const name = bare(fqdn)
    const zone = await zoneOf(name, opts)
    const sets: XmlSet[] = []
    const seen = new Set<string>()
    let query: Record<string, string | number> = { name: `${name}.`, maxitems: 20 }
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES)
        throw fail('dns-read', `more than ${MAX_PAGES} pages of record sets at ${name}`)
      const { got, next } = await api.sets(zone.id, query, opts.signal)
      let fresh = 0
      let past = false
      for (const s of got) {
        // A cursor: what follows the name belongs to other names.
        if (bare(text(s.Name)) !== name) {
          past = true
          continue
        }
        const key = `${text(s.Type)} ${text(s.SetIdentifier)}`
        if (seen.has(key)) continue
        seen.add(key)
        sets.push(s)
        fresh++
      }
      if (past || next === undefined || bare(next.name ?? '') !== name) break
      if (fresh === 0)
        throw fail(
          'dns-read',
          `listing the record sets at ${name}, page ${page} held only sets already listed: a listing that repeats itself cannot be trusted, so the name was not changed`,
        )
      query = { ...next, maxitems: 20 }
    }
    const cname = sets.find((s) => text(s.Type) === 'CNAME')
    const txt = sets.filter((s) => text(s.Type) === 'TXT')
    if (txt.some((s) => s.SetIdentifier !== undefined || s.AliasTarget !== undefined))
      throw fail(
        'dns-read',
        `${name} has TXT sets with a routing policy or an alias: which one resolvers see is not one answer, so this run does not write there`,
      )
    const set = txt[0]
    const raw = list<{ Value?: unknown }>(set?.ResourceRecords?.ResourceRecord).map((r) =>
      text(r.Value),
    )
    const ttl = set !== undefined ? Number(text(set.TTL)) : undefined
    const target = list<{ Value?: unknown }>(cname?.ResourceRecords?.ResourceRecord)[0]
    return {
      fqdn: name,
      zone,
      values: raw.map((v) => ({ text: parseTxt(v, 'octal') })),
      ...(ttl !== undefined ? { ttl } : {}),
      ...(cname !== undefined ? { delegatedTo: bare(text(target?.Value)) } : {}),
      snapshot: set !== undefined ? ({ ttl: ttl ?? 0, raw } satisfies Snapshot) : undefined,
    }
  }

  function notDelegated(state: TxtState): void {
    if (state.delegatedTo !== undefined)
      throw fail(
        'dns-read',
        `${state.fqdn} is a CNAME to ${state.delegatedTo}: its DNSLink is delegated there, so nothing is written at ${state.fqdn}. Write the record at the target (its name, without "_dnslink.", in "dnslink"), or remove the CNAME`,
      )
  }

  /** Reads, decides, sends one batch; on a stale read, reads again (`CAS_ATTEMPTS` in all). */
  async function swap(
    fqdn: string,
    first: TxtState | undefined,
    decide: (state: TxtState) => { changes: Change[] } | undefined,
    opts: CallOptions,
  ): Promise<{ state: TxtState; before: string[]; token?: string; changed: boolean }> {
    let state = first ?? (await readTxt(fqdn, opts))
    const before = dnslinkValues(state)
    for (let attempt = 1; ; attempt++) {
      notDelegated(state)
      const plan = decide(state)
      if (plan === undefined) return { state, before, changed: false }
      try {
        const token = await api.change(state.zone.id, state.fqdn, plan.changes, opts.signal)
        return { state, before, token, changed: true }
      } catch (err) {
        if (!(err instanceof Stale)) throw err
        if (attempt >= CAS_ATTEMPTS)
          throw fail(
            'dns-write',
            `the TXT values at ${state.fqdn} changed between reading and writing ${CAS_ATTEMPTS} times (another writer keeps changing them); nothing was overwritten. Run again`,
          )
        deps.log?.(
          `route53: ${state.fqdn} changed since it was read; reading it again (attempt ${attempt + 1} of ${CAS_ATTEMPTS})`,
        )
        state = await readTxt(state.fqdn, opts)
      }
    }
  }

  /** The batch replacing the set as read by `values` (presentation form); none when equal. */
  function batch(
    state: TxtState,
    values: string[],
    ttl: number,
  ): { changes: Change[] } | undefined {
    const snap = state.snapshot as Snapshot | undefined
    if (snap !== undefined && [...snap.raw].sort().join('\n') === [...values].sort().join('\n'))
      return undefined
    const changes: Change[] = []
    if (snap !== undefined) changes.push({ action: 'DELETE', ttl: snap.ttl, values: snap.raw })
    if (values.length > 0) changes.push({ action: 'CREATE', ttl: snap?.ttl ?? ttl, values })
    return changes.length > 0 ? { changes } : undefined
  }
  const others = (state: TxtState): string[] => {
    const snap = state.snapshot as Snapshot | undefined
    return (snap?.raw ?? []).filter((v) => !isDnslink(parseTxt(v, 'octal')))
  }

  async function waitForSync(
    w: DnslinkWrite,
    opts: CallOptions & { timeoutMs: number },
  ): Promise<void> {
    if (w.syncToken === undefined) return
    const until = clock.now() + opts.timeoutMs
    for (;;) {
      const status = await api.status(w.syncToken, opts.signal)
      if (status === 'INSYNC') return
      if (clock.now() + POLL_MS > until)
        throw fail(
          'dns-write',
          `the change to ${w.fqdn} was still ${status || 'not reported'} after ${Math.round(opts.timeoutMs / 1000)} s ("route53-wait-timeout"); Route 53 has it and will apply it, but the name may not resolve to the new value yet`,
        )
      await clock.sleep(POLL_MS, opts.signal)
    }
  }

  return {
    id: 'route53',
    capabilities: CAPABILITIES,
    zoneOf,
    readTxt,
    waitForSync,

    async setDnslink(fqdn, value, opts = {}) {
      const want = presentTxt(`${DNSLINK_PREFIX}${value}`, 'octal')
      const ttl = clampTtl(opts.ttl ?? o.ttl, CAPABILITIES)
      const r = await swap(fqdn, opts.expect, (s) => batch(s, [...others(s), want], ttl), opts)
      const after = r.changed ? dnslinkValues(await readTxt(r.state.fqdn, opts)) : r.before
      const w: DnslinkWrite = {
        fqdn: r.state.fqdn,
        outcome: !r.changed ? 'unchanged' : r.before.length === 0 ? 'created' : 'updated',
        before: r.before,
        after,
        duplicatesRemoved: Math.max(0, r.before.length - 1),
        ...(r.token !== undefined ? { syncToken: r.token } : {}),
      }
      if (o.wait && r.changed) await waitForSync(w, { ...opts, timeoutMs: o.waitTimeoutMs })
      return w
    },

    async removeDnslink(fqdn, opts = {}) {
      const onlyIf = opts.onlyIf ?? (() => true)
      const keep = (s: TxtState): string[] =>
        ((s.snapshot as Snapshot | undefined)?.raw ?? []).filter((v) => {
          const t = parseTxt(v, 'octal')
          return !isDnslink(t) || !onlyIf(t.slice(DNSLINK_PREFIX.length))
        })
      const r = await swap(fqdn, opts.expect, (s) => batch(s, keep(s), 0), opts)
      const after = r.changed ? dnslinkValues(await readTxt(r.state.fqdn, opts)) : r.before
      return {
        fqdn: r.state.fqdn,
        outcome: r.changed ? 'removed' : r.before.length === 0 ? 'absent' : 'unchanged',
        before: r.before,
        after,
        duplicatesRemoved: 0,
        ...(r.token !== undefined ? { syncToken: r.token } : {}),
      }
    },
  }
}

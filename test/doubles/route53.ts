/**
 * An Amazon Route 53 (REST-XML, `/2013-04-01/`) double on 127.0.0.1:0
 * (docs/names/route53.md#test-double):
 *
 * - SigV4 checked on every request by the doubles' own verifier (test/doubles/aws.ts, node:crypto,
 *   not the product's signer): access key, scope `<date>/us-east-1/route53/aws4_request`, `host`
 *   and every `x-amz-*` header signed, the date within 5 minutes of the double's clock, a session
 *   token present and signed; `expired` answers `ExpiredToken`. Refusals come in Route 53's
 *   `<ErrorResponse>`.
 * - `ListHostedZonesByName` as the cursor it is (zones sorted by reversed labels, listing starts
 *   at `dnsname`/`hostedzoneid`; `IsTruncated`, `NextDNSName`, `NextHostedZoneId`), IDs answered
 *   as `/hostedzone/Z…`, public and private twins allowed.
 * - `ListResourceRecordSets` as a cursor too: starts at the first (name, type) at or after the one
 *   asked, so an absent name answers its neighbours; `type` without `name` is `InvalidInput`;
 *   `NextRecordName`/`NextRecordType`; `maxitems` at most 300 (lower when a test says).
 * - `ChangeResourceRecordSets`: the batch validated and applied on a copy, all or nothing;
 *   `CREATE` of an existing set, a `DELETE` whose TTL or values differ from the set's (order
 *   aside) or of a missing set, a set changed twice, a TXT beside a CNAME, unquoted TXT values,
 *   strings over 255 bytes, values over 4,000 characters and duplicate values are all
 *   `InvalidChangeBatch`, every message in brackets. Answers `ChangeInfo` `/change/C…`
 *   `PENDING`; `GetChange` says `PENDING` for `pendingPolls` polls, then `INSYNC`.
 * - Switches: `serialise` (a change to a zone whose last change is pending is
 *   `PriorRequestNotComplete`), `policy` (an IAM policy on the change: names, types and actions
 *   allowed, else 403 `AccessDenied`), `beforeChange` (a concurrent writer between the client's
 *   read and its write), and the `fault` hooks (`awsError` builds a `Throttling` answer).
 *
 * Every request is recorded; `batches` keeps every change batch as parsed.
 */
import type { ServerResponse } from 'node:http'
import { XMLParser } from 'fast-xml-parser'
import { systemClock, type Clock } from '../../src/http/deadline.js'
import { verifySigV4 } from './aws.js'
import type { Fault } from './common.js'
import { serveDnsDouble, type DnsDoubleBase, type DnsRequest } from './dns-common.js'

export const R53_NS = 'https://route53.amazonaws.com/doc/2013-04-01/'

export interface R53Zone {
  /** Bare id, `Z…`. */
  id: string
  /** Lower case, with the trailing dot. */
  name: string
  private: boolean
}

export interface R53Rrset {
  zoneId: string
  /** Lower case, with the trailing dot. */
  name: string
  type: string
  ttl: number
  /** Presentation form (TXT: `"…"` strings). */
  values: string[]
  setIdentifier?: string
}

export interface R53Change {
  action: string
  name: string
  type: string
  ttl?: number
  values: string[]
  setIdentifier?: string
  alias?: boolean
}

/** What an IAM policy on `ChangeResourceRecordSets` allows (docs/names/route53.md#iam-policy). */
export interface R53Policy {
  /** `StringLike` patterns on the normalised names (lower case, no trailing dot). */
  names?: string[]
  types?: string[]
  actions?: string[]
}

/** `url` is the endpoint (`AWS_ENDPOINT_URL_ROUTE_53`), `http://127.0.0.1:<port>`. */
export interface Route53Double extends DnsDoubleBase {
  readonly zones: R53Zone[]
  readonly rrsets: R53Rrset[]
  /** Every change batch received, as parsed, with the zone and whether it was applied. */
  readonly batches: Array<{ zoneId: string; changes: R53Change[]; applied: boolean }>
  readonly changes: Map<string, { zoneId: string; polls: number; status: string }>
  /** GetChange answers PENDING this many times per change before INSYNC (default 1). */
  pendingPolls: number
  /** A change to a zone whose previous change is still PENDING is `PriorRequestNotComplete`. */
  serialise: boolean
  policy?: R53Policy
  /** Called once a batch has been parsed, before it is checked: a concurrent writer. */
  beforeChange?: (zoneId: string, changes: R53Change[]) => void
  /** Largest `maxitems` served for record sets (default 300) and zones (default 100). */
  perPageMax: number
  zonesPerPageMax: number
  /** The session token is expired: 403 `ExpiredToken`. */
  expired: boolean
  /** Accepted as-is when set: the credentials the requests must be signed with. */
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** Adds a zone; returns its id. */
  addZone(name: string, opts?: { private?: boolean; id?: string }): string
}

/** XML text escaped as Route 53 writes it. */
export const xml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  )

/** An error answer in Route 53's shape, for `fault` hooks (e.g. `awsError(400, 'Throttling', 'Rate exceeded')`). */
export function awsError(status: number, code: string, message: string, type = 'Sender'): Fault {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': `req-${code}` },
    body: `<?xml version="1.0"?>\n<ErrorResponse xmlns="${R53_NS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>req-${code}</RequestId></ErrorResponse>`,
  }
}

/** A domain name as Route 53 keeps it: lower case, trailing dot. */
export const canonName = (n: string): string => {
  const l = n.toLowerCase()
  return l.endsWith('.') ? l : `${l}.`
}
/** Sort key: labels reversed (`com.example.www`), compared label by label. */
function cmpNames(a: string, b: string): number {
  const ra = a.replace(/\.$/, '').split('.').reverse()
  const rb = b.replace(/\.$/, '').split('.').reverse()
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i] ?? ''
    const y = rb[i] ?? ''
    if (x !== y) return x < y ? -1 : 1
  }
  return ra.length - rb.length
}

/** The character strings of a TXT value in presentation form, or why it is not one. */
export function txtStrings(value: string): string[] | string {
  const out: string[] = []
  let i = 0
  const v = value.trim()
  if (!v.startsWith('"'))
    return 'InvalidCharacterString (Value should be enclosed in quotation marks)'
  while (i < v.length) {
    if (v[i] !== '"') return 'InvalidCharacterString (Value should be enclosed in quotation marks)'
    i++
    const bytes: number[] = []
    let closed = false
    while (i < v.length) {
      const c = v[i] ?? ''
      if (c === '"') {
        closed = true
        i++
        break
      }
      if (c === '\\') {
        const oct = /^[0-7]{3}/.exec(v.slice(i + 1, i + 4))
        if (oct !== null) {
          bytes.push(parseInt(oct[0], 8))
          i += 4
          continue
        }
        bytes.push(...Buffer.from(v[i + 1] ?? '', 'utf8'))
        i += 2
        continue
      }
      bytes.push(...Buffer.from(c, 'utf8'))
      i++
    }
    if (!closed) return 'InvalidCharacterString (Value should be enclosed in quotation marks)'
    if (bytes.length > 255) return 'CharacterStringTooLong (Value is too long)'
    out.push(Buffer.from(bytes).toString('utf8'))
    while (v[i] === ' ') i++
  }
  return out
}

/** `StringLike`: `*` any run of characters, `?` one. */
const like = (pattern: string, s: string): boolean =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(s)

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'Change' || name === 'ResourceRecord',
})

export async function startRoute53Double(opts: {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  zones?: Array<string | { name: string; private?: boolean; id?: string }>
  clock?: Clock
}): Promise<Route53Double> {
  const clock = opts.clock ?? systemClock
  let zoneSeq = 1
  let changeSeq = 1
  const state = {
    zones: [] as R53Zone[],
    rrsets: [] as R53Rrset[],
    batches: [] as Route53Double['batches'],
    changes: new Map(),
    pendingPolls: 1,
    serialise: false,
    perPageMax: 300,
    zonesPerPageMax: 100,
    expired: false,
    pageIgnored: false,
    credentials: {
      accessKeyId: opts.accessKeyId,
      secretAccessKey: opts.secretAccessKey,
      ...(opts.sessionToken !== undefined ? { sessionToken: opts.sessionToken } : {}),
    },
  } as unknown as Route53Double
  state.addZone = (name, o = {}) => {
    const id = o.id ?? `Z${String(zoneSeq++).padStart(4, '0')}EXAMPLE${name.length}`
    const zone = canonName(name)
    state.zones.push({ id, name: zone, private: o.private ?? false })
    state.rrsets.push(
      {
        zoneId: id,
        name: zone,
        type: 'NS',
        ttl: 172800,
        values: [`ns-1.awsdns-01.org.`, `ns-2.awsdns-02.net.`],
      },
      {
        zoneId: id,
        name: zone,
        type: 'SOA',
        ttl: 900,
        values: [`ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`],
      },
    )
    return id
  }
  for (const z of opts.zones ?? []) {
    if (typeof z === 'string') state.addZone(z)
    else state.addZone(z.name, z)
  }

  const send = (res: ServerResponse, status: number, body: string): void => {
    res.writeHead(status, {
      'content-type': 'text/xml',
      'x-amzn-requestid': `req-${state.server.requests.length}`,
    })
    res.end(`<?xml version="1.0"?>\n${body}`)
  }
  const fail = (res: ServerResponse, status: number, code: string, message: string): void => {
    const f = awsError(status, code, message) as {
      status: number
      body: string
      headers: Record<string, string>
    }
    res.writeHead(f.status, f.headers)
    res.end(f.body)
  }
  const changeInfo = (id: string, status: string, comment?: string): string =>
    `<ChangeInfo><Id>/change/${id}</Id><Status>${status}</Status><SubmittedAt>${new Date(clock.now()).toISOString()}</SubmittedAt>${comment !== undefined ? `<Comment>${xml(comment)}</Comment>` : ''}</ChangeInfo>`
  const setXml = (r: R53Rrset): string =>
    `<ResourceRecordSet><Name>${xml(r.name)}</Name><Type>${r.type}</Type>${r.setIdentifier !== undefined ? `<SetIdentifier>${xml(r.setIdentifier)}</SetIdentifier><Weight>1</Weight>` : ''}<TTL>${r.ttl}</TTL><ResourceRecords>${r.values.map((v) => `<ResourceRecord><Value>${xml(v)}</Value></ResourceRecord>`).join('')}</ResourceRecords></ResourceRecordSet>`
  const maxItems = (url: URL, cap: number, dflt: number): number | string => {
    const raw = url.searchParams.get('maxitems')
    if (raw === null) return Math.min(dflt, cap)
    const n = Number(raw)
    if (!/^\d+$/.test(raw) || n < 1)
      return `1 validation error detected: Value '${raw}' at 'maxItems' failed to satisfy constraint`
    return Math.min(n, cap)
  }
  const sortSets = (a: R53Rrset, b: R53Rrset): number =>
    cmpNames(a.name, b.name) ||
    (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) ||
    ((a.setIdentifier ?? '') < (b.setIdentifier ?? '')
      ? -1
      : (a.setIdentifier ?? '') > (b.setIdentifier ?? '')
        ? 1
        : 0)

  function listZones(res: ServerResponse, url: URL): void {
    const dnsname = url.searchParams.get('dnsname')
    const fromId = url.searchParams.get('hostedzoneid')
    if (fromId !== null && dnsname === null)
      return fail(res, 400, 'InvalidInput', 'The hosted zone ID is specified but DNS name is not.')
    const max = maxItems(url, state.zonesPerPageMax, 100)
    if (typeof max === 'string') return fail(res, 400, 'InvalidInput', max)
    const sorted = [...state.zones].sort(
      (a, b) => cmpNames(a.name, b.name) || (a.id < b.id ? -1 : 1),
    )
    const start =
      dnsname === null
        ? 0
        : sorted.findIndex((z) => {
            const c = cmpNames(z.name, canonName(dnsname))
            return c > 0 || (c === 0 && (fromId === null || z.id >= fromId))
          })
    const from = start < 0 ? sorted.length : start
    const page = sorted.slice(from, from + max)
    const next = sorted[from + max]
    send(
      res,
      200,
      `<ListHostedZonesByNameResponse xmlns="${R53_NS}"><HostedZones>${page
        .map(
          (z) =>
            `<HostedZone><Id>/hostedzone/${z.id}</Id><Name>${xml(z.name)}</Name><CallerReference>ref-${z.id}</CallerReference><Config><PrivateZone>${z.private}</PrivateZone></Config><ResourceRecordSetCount>${state.rrsets.filter((r) => r.zoneId === z.id).length}</ResourceRecordSetCount></HostedZone>`,
        )
        .join(
          '',
        )}</HostedZones>${dnsname !== null ? `<DNSName>${xml(dnsname)}</DNSName>` : ''}${fromId !== null ? `<HostedZoneId>${xml(fromId)}</HostedZoneId>` : ''}<IsTruncated>${next !== undefined}</IsTruncated>${next !== undefined ? `<NextDNSName>${xml(next.name)}</NextDNSName><NextHostedZoneId>${next.id}</NextHostedZoneId>` : ''}<MaxItems>${max}</MaxItems></ListHostedZonesByNameResponse>`,
    )
  }

  function listSets(res: ServerResponse, url: URL, zone: R53Zone): void {
    const name = url.searchParams.get('name')
    // A broken pager: the continuation (a type after the name) is dropped, the first page again.
    const type = state.pageIgnored ? null : url.searchParams.get('type')
    const ident = state.pageIgnored ? null : url.searchParams.get('identifier')
    if (type !== null && name === null)
      return fail(
        res,
        400,
        'InvalidInput',
        'The input is not valid: Type must be specified together with Name.',
      )
    if (ident !== null && type === null)
      return fail(
        res,
        400,
        'InvalidInput',
        'The input is not valid: Identifier must be specified together with Type.',
      )
    const max = maxItems(url, state.perPageMax, 300)
    if (typeof max === 'string') return fail(res, 400, 'InvalidInput', max)
    const sorted = state.rrsets.filter((r) => r.zoneId === zone.id).sort(sortSets)
    const start =
      name === null
        ? 0
        : sorted.findIndex((r) => {
            const c = cmpNames(r.name, canonName(name))
            if (c !== 0) return c > 0
            if (type === null) return true
            if (r.type !== type) return r.type > type
            return ident === null || (r.setIdentifier ?? '') >= ident
          })
    const from = start < 0 ? sorted.length : start
    const page = sorted.slice(from, from + max)
    const next = sorted[from + max]
    send(
      res,
      200,
      `<ListResourceRecordSetsResponse xmlns="${R53_NS}"><ResourceRecordSets>${page.map(setXml).join('')}</ResourceRecordSets><IsTruncated>${next !== undefined}</IsTruncated>${next !== undefined ? `<NextRecordName>${xml(next.name)}</NextRecordName><NextRecordType>${next.type}</NextRecordType>${next.setIdentifier !== undefined ? `<NextRecordIdentifier>${xml(next.setIdentifier)}</NextRecordIdentifier>` : ''}` : ''}<MaxItems>${max}</MaxItems></ListResourceRecordSetsResponse>`,
    )
  }

  function parseBatch(body: Buffer): { changes: R53Change[]; comment?: string } | string {
    let doc: Record<string, unknown>
    try {
      doc = parser.parse(body.toString('utf8')) as Record<string, unknown>
    } catch {
      return 'The XML you provided was not well-formed or did not validate against our published schema'
    }
    const root = doc.ChangeResourceRecordSetsRequest as Record<string, unknown> | undefined
    const batch = root?.ChangeBatch as Record<string, unknown> | undefined
    const list = (batch?.Changes as Record<string, unknown> | undefined)?.Change
    if (!Array.isArray(list) || list.length === 0)
      return 'The XML you provided was not well-formed or did not validate against our published schema'
    const changes: R53Change[] = []
    for (const c of list as Array<Record<string, unknown>>) {
      const set = c.ResourceRecordSet as Record<string, unknown> | undefined
      if (
        typeof c.Action !== 'string' ||
        set === undefined ||
        typeof set.Name !== 'string' ||
        typeof set.Type !== 'string'
      )
        return 'The XML you provided was not well-formed or did not validate against our published schema'
      const records = (set.ResourceRecords as Record<string, unknown> | undefined)?.ResourceRecord
      const values = Array.isArray(records)
        ? (records as Array<Record<string, unknown>>).map((r) =>
            typeof r.Value === 'string' ? r.Value : '',
          )
        : []
      changes.push({
        action: c.Action,
        name: set.Name,
        type: set.Type,
        ...(set.TTL !== undefined ? { ttl: Number(set.TTL) } : {}),
        values,
        ...(typeof set.SetIdentifier === 'string' ? { setIdentifier: set.SetIdentifier } : {}),
        ...(set.AliasTarget !== undefined ? { alias: true } : {}),
      })
    }
    return { changes, ...(typeof batch?.Comment === 'string' ? { comment: batch.Comment } : {}) }
  }

  /** Applies `changes` to a copy of the zone's sets; the messages of what failed. */
  function apply(
    zone: R53Zone,
    changes: R53Change[],
  ): { sets: R53Rrset[]; errors: string[]; invalid?: string } {
    const others = state.rrsets.filter((r) => r.zoneId !== zone.id)
    let sets = state.rrsets
      .filter((r) => r.zoneId === zone.id)
      .map((r) => ({ ...r, values: [...r.values] }))
    const errors: string[] = []
    const seen = new Map<string, string[]>()
    for (const c of changes) {
      const name = canonName(c.name)
      const key = `${name}|${c.type}|${c.setIdentifier ?? ''}`
      const label = `[name='${name}', type='${c.type}'${c.setIdentifier !== undefined ? `, set-identifier='${c.setIdentifier}'` : ''}]`
      if (!['CREATE', 'DELETE', 'UPSERT'].includes(c.action))
        return {
          sets: others,
          errors,
          invalid: `Invalid XML ; cvc-enumeration-valid: Value '${c.action}' is not facet-valid`,
        }
      if (name !== zone.name && !name.endsWith(`.${zone.name}`)) {
        errors.push(`RRSet with DNS name ${name} is not permitted in zone ${zone.name}`)
        continue
      }
      // One change per set, except a DELETE followed by a CREATE (the swap).
      const before = seen.get(key) ?? []
      if (
        before.length > 1 ||
        (before.length === 1 && !(before[0] === 'DELETE' && c.action === 'CREATE'))
      ) {
        errors.push(
          `The request contains an invalid set of changes for a resource record set '${c.type} ${name}'`,
        )
        continue
      }
      seen.set(key, [...before, c.action])
      if (c.alias !== true) {
        if (c.ttl === undefined || !Number.isInteger(c.ttl) || c.ttl < 0 || c.ttl > 2147483647)
          return {
            sets: others,
            errors,
            invalid:
              'Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=' +
              c.action +
              ', Name=' +
              name +
              ', Type=' +
              c.type +
              ']',
          }
        if (c.values.length === 0)
          return {
            sets: others,
            errors,
            invalid: `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=${c.action}, Name=${name}, Type=${c.type}]`,
          }
      }
      const at = sets.findIndex(
        (r) =>
          r.name === name &&
          r.type === c.type &&
          (r.setIdentifier ?? '') === (c.setIdentifier ?? ''),
      )
      const existing = sets[at]
      if (c.action === 'DELETE') {
        if (existing === undefined)
          errors.push(`Tried to delete resource record set ${label} but it was not found`)
        else if (
          existing.ttl !== c.ttl ||
          existing.values.length !== c.values.length ||
          [...existing.values].sort().join('\n') !== [...c.values].sort().join('\n')
        )
          errors.push(
            `Tried to delete resource record set ${label} but the values provided do not match the current values`,
          )
        else sets.splice(at, 1)
        continue
      }
      if (c.type === 'TXT' || c.type === 'SPF') {
        let bad = false
        for (const v of c.values) {
          const s = txtStrings(v)
          if (typeof s === 'string') {
            errors.push(`Invalid Resource Record: 'FATAL problem: ${s} encountered with '${v}''`)
            bad = true
          } else if (v.length > 4000) {
            errors.push(
              `Invalid Resource Record: 'FATAL problem: TXTRDATATooLong (Value is too long) encountered with '${v.slice(0, 40)}…''`,
            )
            bad = true
          }
        }
        if (bad) continue
      }
      if (new Set(c.values).size !== c.values.length) {
        errors.push(
          `Duplicate Resource Record: '${c.values.find((v, i) => c.values.indexOf(v) !== i) ?? ''}'`,
        )
        continue
      }
      const cname = sets.find(
        (r) => r.name === name && r.type !== c.type && (r.type === 'CNAME' || c.type === 'CNAME'),
      )
      if (cname !== undefined) {
        errors.push(
          `RRSet of type ${c.type} with DNS name ${name} is not permitted because a conflicting RRSet of type ${cname.type} with the same DNS name already exists in zone ${zone.name}`,
        )
        continue
      }
      if (c.action === 'CREATE' && existing !== undefined) {
        errors.push(`Tried to create resource record set ${label} but it already exists`)
        continue
      }
      const set: R53Rrset = {
        zoneId: zone.id,
        name,
        type: c.type,
        ttl: c.ttl ?? 300,
        values: [...c.values],
        ...(c.setIdentifier !== undefined ? { setIdentifier: c.setIdentifier } : {}),
      }
      if (existing !== undefined) sets[at] = set
      else sets = [...sets, set]
    }
    return { sets: [...others, ...sets], errors }
  }

  function change(res: ServerResponse, zone: R53Zone, body: Buffer): void {
    const parsed = parseBatch(body)
    if (typeof parsed === 'string') return fail(res, 400, 'InvalidInput', parsed)
    state.beforeChange?.(zone.id, parsed.changes)
    const p = state.policy
    if (p !== undefined) {
      const ok = parsed.changes.every(
        (c) =>
          (p.names === undefined ||
            p.names.some((pat) => like(pat, canonName(c.name).replace(/\.$/, '')))) &&
          (p.types === undefined || p.types.includes(c.type)) &&
          (p.actions === undefined || p.actions.includes(c.action)),
      )
      if (!ok) {
        state.batches.push({ zoneId: zone.id, changes: parsed.changes, applied: false })
        return fail(
          res,
          403,
          'AccessDenied',
          `User: arn:aws:sts::123456789012:assumed-role/dnslink-deploy/ci is not authorized to perform: route53:ChangeResourceRecordSets on resource: arn:aws:route53:::hostedzone/${zone.id} because no identity-based policy allows the route53:ChangeResourceRecordSets action`,
        )
      }
    }
    if (
      state.serialise &&
      [...state.changes.values()].some((c) => c.zoneId === zone.id && c.status === 'PENDING')
    ) {
      state.batches.push({ zoneId: zone.id, changes: parsed.changes, applied: false })
      return fail(
        res,
        400,
        'PriorRequestNotComplete',
        'The request was rejected because Route 53 was still processing a prior request.',
      )
    }
    const { sets, errors, invalid } = apply(zone, parsed.changes)
    if (invalid !== undefined) {
      state.batches.push({ zoneId: zone.id, changes: parsed.changes, applied: false })
      return fail(res, 400, 'InvalidInput', invalid)
    }
    if (errors.length > 0) {
      state.batches.push({ zoneId: zone.id, changes: parsed.changes, applied: false })
      return fail(res, 400, 'InvalidChangeBatch', `[${errors.join(', ')}]`)
    }
    state.rrsets.splice(0, state.rrsets.length, ...sets)
    state.batches.push({ zoneId: zone.id, changes: parsed.changes, applied: true })
    const id = `C${String(changeSeq++).padStart(8, '0')}EXAMPLE`
    state.changes.set(id, { zoneId: zone.id, polls: 0, status: 'PENDING' })
    send(
      res,
      200,
      `<ChangeResourceRecordSetsResponse xmlns="${R53_NS}">${changeInfo(id, 'PENDING', parsed.comment)}</ChangeResourceRecordSetsResponse>`,
    )
  }

  const handle = ({ req, res, raw, url, method }: DnsRequest): void => {
    const { accessKeyId, ...key } = state.credentials
    const verdict = verifySigV4(
      { method, url: req.url ?? '/', headers: req.headers, body: raw },
      {
        service: 'route53',
        region: 'us-east-1',
        keys: new Map([[accessKeyId, key]]),
        now: () => clock.now(),
      },
    )
    if (!verdict.ok) return fail(res, verdict.status, verdict.code, verdict.message)
    if (state.expired && key.sessionToken !== undefined)
      return fail(res, 403, 'ExpiredToken', 'The security token included in the request is expired')
    const path = url.pathname
    if (method === 'GET' && path === '/2013-04-01/hostedzonesbyname') return listZones(res, url)
    const rr = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/.exec(path)
    if (rr !== null) {
      const id = decodeURIComponent(rr[1] ?? '')
      const zone = state.zones.find((z) => z.id === id)
      if (zone === undefined)
        return fail(res, 404, 'NoSuchHostedZone', `No hosted zone found with ID: ${id}`)
      if (method === 'GET') return listSets(res, url, zone)
      if (method === 'POST') return change(res, zone, raw)
    }
    const ch = /^\/2013-04-01\/change\/([^/]+)$/.exec(path)
    if (ch !== null && method === 'GET') {
      const id = decodeURIComponent(ch[1] ?? '')
      const c = state.changes.get(id)
      if (c === undefined)
        return fail(
          res,
          404,
          'NoSuchChange',
          `A change with the specified change ID does not exist.`,
        )
      if (c.status === 'PENDING' && c.polls++ >= state.pendingPolls) c.status = 'INSYNC'
      return send(
        res,
        200,
        `<GetChangeResponse xmlns="${R53_NS}">${changeInfo(id, c.status)}</GetChangeResponse>`,
      )
    }
    return fail(res, 404, 'UnknownOperationException', `Unknown operation ${method} ${path}`)
  }

  return serveDnsDouble(state, '', handle)
}

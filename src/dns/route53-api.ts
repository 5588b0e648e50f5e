/**
 * Route 53's REST-XML API as src/dns/route53.ts uses it (docs/names/route53.md): requests signed
 * by the one AWS module (src/http/aws.ts) and sent through the one HTTP client, answers parsed,
 * failures in Route 53's words (code, message, what to do), and a stale DELETE in a change batch
 * told apart (`Stale`) from every other refusal.
 */
import { ProviderError } from '../errors.js'
import {
  awsError,
  awsErrorHint,
  createAwsSigner,
  parseAwsXml,
  type AwsCredentials,
} from '../http/aws.js'
import { createHttpClient, type HttpResponse, type RequestSpec } from '../http/client.js'
import { systemClock } from '../http/deadline.js'
import type { ProviderDeps } from '../http/deps.js'

export const NS = 'https://route53.amazonaws.com/doc/2013-04-01/'

/** The region Route 53 signs in: its partition's, whatever `AWS_REGION` says (docs/names/route53.md#auth). */
export function signingRegion(apiUrl: string): string {
  const host = new URL(apiUrl).hostname
  if (host.endsWith('.amazonaws.com.cn')) return 'cn-northwest-1'
  if (host.includes('us-gov')) return 'us-gov-west-1'
  return 'us-east-1'
}

/** `Name.` as Route 53 answers it, to compare: lower case, no trailing dot, `\052` kept. */
export const bare = (name: string): string => name.toLowerCase().replace(/\.$/, '')
const esc = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c)
export const list = <T>(v: unknown): T[] =>
  Array.isArray(v) ? (v as T[]) : v === undefined ? [] : [v as T]
export const text = (v: unknown): string => (typeof v === 'string' ? v : '')

export interface XmlSet {
  Name?: unknown
  Type?: unknown
  TTL?: unknown
  SetIdentifier?: unknown
  AliasTarget?: unknown
  ResourceRecords?: { ResourceRecord?: unknown }
}
export interface Change {
  readonly action: 'CREATE' | 'DELETE'
  readonly ttl: number
  readonly values: readonly string[]
}

/** A change batch refused because a DELETE no longer matches: the set changed since it was read. */
export class Stale extends Error {}

export interface Route53ApiOptions {
  readonly apiUrl: string
  readonly aws: AwsCredentials
  /** The inputs or variables the credentials came from, named when Route 53 refuses them. */
  readonly credentials: readonly string[]
}

export type Route53Api = ReturnType<typeof createRoute53Api>

export function createRoute53Api(o: Route53ApiOptions, deps: ProviderDeps) {
  const clock = deps.clock ?? systemClock
  const signer = createAwsSigner({
    credentials: o.aws,
    service: 'route53',
    region: signingRegion(o.apiUrl),
    clock,
  })
  const http = createHttpClient({
    ...deps,
    provider: 'route53',
    baseUrl: `${o.apiUrl.replace(/\/+$/, '')}/2013-04-01`,
    credentials: o.credentials,
    authorize: (req) => signer.authorize(req),
  })
  const { fail, said } = http

  /**
   * Sends; a failure shows Route 53's code and message (and what to do about it). A refused
   * change batch is read whole here (`InvalidChangeBatch`): a stale DELETE throws `Stale`.
   */
  async function call<T>(
    spec: RequestSpec<T>,
    decode: (doc: Record<string, unknown>) => T,
  ): Promise<T> {
    let answer = ''
    try {
      return await http.request(
        {
          ...spec,
          accept: (status, body) => {
            answer = body
            return status === 400 && batchError(body) !== undefined
          },
        },
        (res: HttpResponse) => {
          if (res.status >= 300) {
            const message = batchError(res.text) ?? ''
            // docs/names/route53.md#writing: the messages come bracketed, several in one.
            if (
              /but (the values provided do not match the current values|it was not found|it already exists)/.test(
                message,
              )
            )
              throw new Stale()
            throw fail(
              spec.operation,
              `HTTP 400: Route 53 answered InvalidChangeBatch: ${said(message, 400)}`,
              400,
            )
          }
          let doc: Record<string, unknown>
          try {
            doc = parseAwsXml(res.text, {
              arrays: ['HostedZone', 'ResourceRecordSet', 'ResourceRecord'],
            })
          } catch {
            throw http.malformed(
              spec.operation,
              `the answer is not Route 53's XML: ${said(res.text, 120)}`,
              res,
            )
          }
          try {
            return decode(doc)
          } catch {
            throw http.malformed(
              spec.operation,
              `the answer is not what Route 53 sends: ${said(res.text, 120)}`,
              res,
            )
          }
        },
      )
    } catch (err) {
      if (!(err instanceof ProviderError) || err.body === undefined || err.status === undefined)
        throw err
      // The error carries an excerpt of the body: the code and message come from the whole.
      const e = awsError(answer)
      if (e === undefined) throw err
      const { code, message } = e
      const words = `Route 53 answered ${code}: ${said(message, 400)}`
      const hint = awsErrorHint(code, message)
      err.message = err.message.replace(
        err.body,
        `${words}${hint !== undefined ? ` (${hint})` : ''}`,
      )
      err.reason = err.reason.replace(err.body, words)
      throw err
    }
  }
  /** The message of a refused change batch, in either form Route 53 writes it. */
  function batchError(body: string): string | undefined {
    const e = awsError(body)
    if (e !== undefined) return e.code === 'InvalidChangeBatch' ? e.message : undefined
    try {
      const doc = parseAwsXml(body, { arrays: ['Message'] })
      const m = (doc.InvalidChangeBatch as { Messages?: { Message?: unknown } } | undefined)
        ?.Messages
      return m === undefined ? undefined : list<string>(m.Message).join(', ')
    } catch {
      return undefined
    }
  }

  const rrset = (fqdn: string, c: Change): string =>
    `<Change><Action>${c.action}</Action><ResourceRecordSet><Name>${esc(fqdn)}</Name><Type>TXT</Type><TTL>${c.ttl}</TTL><ResourceRecords>${c.values.map((v) => `<ResourceRecord><Value>${esc(v)}</Value></ResourceRecord>`).join('')}</ResourceRecords></ResourceRecordSet></Change>`

  /** Sends one batch; a stale DELETE (the set changed since it was read) throws `Stale`. */
  async function change(
    zoneId: string,
    fqdn: string,
    changes: readonly Change[],
    signal?: AbortSignal,
  ): Promise<string> {
    const body = `<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsRequest xmlns="${NS}"><ChangeBatch><Changes>${changes.map((c) => rrset(fqdn, c)).join('')}</Changes><Comment>ipfs-pin-action DNSLink</Comment></ChangeBatch></ChangeResourceRecordSetsRequest>`
    return call(
      {
        operation: 'dns-write',
        method: 'POST',
        path: `/hostedzone/${encodeURIComponent(zoneId)}/rrset`,
        headers: { 'content-type': 'application/xml' },
        body: () => body,
        signal,
      },
      (doc) => {
        const info = (
          doc.ChangeResourceRecordSetsResponse as { ChangeInfo?: { Id?: unknown } } | undefined
        )?.ChangeInfo
        if (typeof info?.Id !== 'string') throw new Error('no ChangeInfo')
        return info.Id.replace(/^\/change\//, '')
      },
    )
  }

  const zones = (query: Record<string, string | number>, signal?: AbortSignal) =>
    call(
      { operation: 'dns-read', method: 'GET', path: '/hostedzonesbyname', query, signal },
      (doc) => {
        const r = doc.ListHostedZonesByNameResponse as Record<string, unknown> | undefined
        if (r === undefined) throw new Error('not a zone listing')
        return {
          zones: list<Record<string, unknown>>(
            (r.HostedZones as { HostedZone?: unknown })?.HostedZone,
          ),
          next:
            text(r.IsTruncated) === 'true'
              ? { dnsname: text(r.NextDNSName), hostedzoneid: text(r.NextHostedZoneId) }
              : undefined,
        }
      },
    )

  const sets = (zoneId: string, query: Record<string, string | number>, signal?: AbortSignal) =>
    call(
      {
        operation: 'dns-read',
        method: 'GET',
        path: `/hostedzone/${encodeURIComponent(zoneId)}/rrset`,
        query,
        signal,
      },
      (doc) => {
        const r = doc.ListResourceRecordSetsResponse as Record<string, unknown> | undefined
        if (r === undefined) throw new Error('not a record set listing')
        const next: Record<string, string> | undefined =
          text(r.IsTruncated) === 'true'
            ? {
                name: text(r.NextRecordName),
                type: text(r.NextRecordType),
                ...(r.NextRecordIdentifier !== undefined
                  ? { identifier: text(r.NextRecordIdentifier) }
                  : {}),
              }
            : undefined
        return {
          got: list<XmlSet>(
            (r.ResourceRecordSets as { ResourceRecordSet?: unknown })?.ResourceRecordSet,
          ),
          next,
        }
      },
    )

  const status = (id: string, signal?: AbortSignal) =>
    call(
      { operation: 'dns-read', method: 'GET', path: `/change/${encodeURIComponent(id)}`, signal },
      (doc) =>
        text(
          (doc.GetChangeResponse as { ChangeInfo?: { Status?: unknown } } | undefined)?.ChangeInfo
            ?.Status,
        ),
    )

  return { fail, said, zones, sets, change, status }
}

/**
 * AWS Signature Version 4, once, for every service that speaks it (S3 and S3-compatible stores,
 * Route 53): where the credentials come from, and a request signed for a service and region.
 * The signing itself is the official SDK's own signer (`@smithy/signature-v4`, with
 * `@smithy/hash-node`); requests still go through the one HTTP client (client.ts) and its
 * retry policy, which calls `authorize` before every attempt, so each attempt carries a fresh
 * `x-amz-date` (services refuse a signature more than 5 minutes away from their clock).
 * docs/aws-signing.md says what is signed and why.
 *
 * - Credentials: given explicitly (the caller's inputs), or, when the caller allows it, from the
 *   environment `aws-actions/configure-aws-credentials` leaves (`AWS_ACCESS_KEY_ID`,
 *   `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` for OIDC roles; `AWS_REGION` or
 *   `AWS_DEFAULT_REGION`). `awsSecrets` lists every form to mask.
 * - Payload: the caller puts the body's SHA-256 in `x-amz-content-sha256` (`sha256Hex`, or
 *   `sha256OfFile` for a streamed file range, read once more and never held whole), or
 *   `UNSIGNED_PAYLOAD`; without that header a string or byte body is hashed here, and S3 gets the
 *   header added as it requires.
 * - Paths and queries are sent exactly as they are signed: `awsPath` and `awsQuery` encode with
 *   the strict RFC 3986 set SigV4 canonicalises with.
 * - XML answers are read by `parseAwsXml` (`fast-xml-parser`, the SDK's parser), bounded in bytes,
 *   with no DOCTYPE; `awsError` reads the error code and message of S3 and Route 53 bodies.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import { XMLParser } from 'fast-xml-parser'
import { InputError } from '../errors.js'
import { systemClock, type Clock } from './deadline.js'

export interface AwsCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  /** Temporary credentials (an assumed role, OIDC) come with a session token. */
  readonly sessionToken?: string
}

/** The SHA-256 of an empty body, as SigV4 writes it. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
/** A payload the signature does not cover (S3 only; the body is then protected by TLS alone). */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'
/** Services refuse a request signed further than this from their own clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000

type Env = Readonly<Record<string, string | undefined>>

/** The names explicit credentials were given under, for messages (inputs, flags or variables). */
export interface CredentialNames {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

/**
 * The credentials to sign with: the explicit ones when any is given (both halves required), else
 * with `fromEnvironment` the AWS_* variables; an `InputError` naming what is missing otherwise.
 */
export function resolveAwsCredentials(
  given: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string },
  opts: { names: CredentialNames; fromEnvironment: boolean; env?: Env; why: string },
): { credentials: AwsCredentials; source: 'inputs' | 'environment' } {
  const { names, why } = opts
  const id = given.accessKeyId ?? ''
  const secret = given.secretAccessKey ?? ''
  const token = given.sessionToken ?? ''
  if (id !== '' || secret !== '' || token !== '') {
    if (id === '' || secret === '') {
      const missing = id === '' ? names.accessKeyId : names.secretAccessKey
      throw new InputError(
        missing,
        `Input "${missing}" is required for ${why} when "${id === '' ? names.secretAccessKey : names.accessKeyId}" is set: the access key id and the secret access key go together.`,
      )
    }
    return {
      credentials: {
        accessKeyId: id,
        secretAccessKey: secret,
        ...(token ? { sessionToken: token } : {}),
      },
      source: 'inputs',
    }
  }
  const env = opts.env ?? process.env
  const envId = env.AWS_ACCESS_KEY_ID ?? ''
  const envSecret = env.AWS_SECRET_ACCESS_KEY ?? ''
  if (opts.fromEnvironment && envId !== '' && envSecret !== '') {
    const envToken = env.AWS_SESSION_TOKEN ?? ''
    return {
      credentials: {
        accessKeyId: envId,
        secretAccessKey: envSecret,
        ...(envToken !== '' ? { sessionToken: envToken } : {}),
      },
      source: 'environment',
    }
  }
  const alternatives = opts.fromEnvironment
    ? `, or run aws-actions/configure-aws-credentials before this step (it sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, for a role, AWS_SESSION_TOKEN)`
    : ''
  throw new InputError(
    names.accessKeyId,
    `Set "${names.accessKeyId}" and "${names.secretAccessKey}" for ${why}${alternatives}.`,
  )
}

/** The region: the one given, else AWS_REGION, else AWS_DEFAULT_REGION, else `fallback`. */
export function resolveAwsRegion(given: string, fallback: string, env: Env = process.env): string {
  return given || env.AWS_REGION || env.AWS_DEFAULT_REGION || fallback
}

/** Every form of the credentials that must never show: register each with the masker. */
export function awsSecrets(c: AwsCredentials): string[] {
  const out = [c.accessKeyId, c.secretAccessKey]
  if (c.sessionToken !== undefined) out.push(c.sessionToken, encodeURIComponent(c.sessionToken))
  out.push(encodeURIComponent(c.secretAccessKey))
  return [...new Set(out)]
}

/** RFC 3986 encoding of everything but unreserved characters, as SigV4 canonicalises. */
export const strictEncode = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** A path from raw segments, each strictly encoded (`/` inside a segment too). */
export function awsPath(...segments: readonly string[]): string {
  return `/${segments.map(strictEncode).join('/')}`
}

/** A query string (without `?`) strictly encoded; `''` values are written `name=`. */
export function awsQuery(params: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(params)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${strictEncode(k)}=${strictEncode(String(v))}`)
    .join('&')
}

export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex')

/** SHA-256 of bytes `start` to `end` (exclusive) of a file, streamed in 1 MiB reads. */
export async function sha256OfFile(path: string, start: number, end: number): Promise<string> {
  const hash = createHash('sha256')
  if (end > start)
    for await (const chunk of createReadStream(path, {
      start,
      end: end - 1,
      highWaterMark: 1 << 20,
    }) as AsyncIterable<Buffer>)
      hash.update(chunk)
  return hash.digest('hex')
}

/** A request as the HTTP client is about to send it. */
export interface UnsignedRequest {
  readonly method: string
  /** The full URL, encoded exactly as it goes on the wire. */
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  /** The body when it is a string or bytes (hashed here when no payload header is set). */
  readonly body?: string | Uint8Array
}

export interface AwsSigner {
  readonly service: string
  readonly region: string
  /** The headers to send: the request's own, `host`, `x-amz-date`, the token and `authorization`. */
  authorize(req: UnsignedRequest): Promise<Record<string, string>>
}

/** Decodes a raw query string into the name → values map the signer canonicalises. */
function queryOf(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue
    const i = pair.indexOf('=')
    const k = decodeURIComponent(i < 0 ? pair : pair.slice(0, i))
    const v = i < 0 ? '' : decodeURIComponent(pair.slice(i + 1))
    const had = out[k]
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v]
  }
  return out
}

/**
 * A signer for `service` in `region`. S3 paths are signed as sent (S3 does not normalise them);
 * other services' paths are normalised and encoded once more, as SigV4 says.
 */
export function createAwsSigner(opts: {
  credentials: AwsCredentials
  service: string
  region: string
  clock?: Clock
}): AwsSigner {
  const s3 = opts.service === 's3'
  const signer = new SignatureV4({
    credentials: opts.credentials,
    region: opts.region,
    service: opts.service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: !s3,
    applyChecksum: s3,
  })
  const clock = opts.clock ?? systemClock
  return {
    service: opts.service,
    region: opts.region,
    async authorize(req) {
      const url = new URL(req.url)
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v
      headers.host = url.host
      const signed = await signer.sign(
        {
          method: req.method,
          protocol: url.protocol,
          hostname: url.hostname,
          ...(url.port !== '' ? { port: Number(url.port) } : {}),
          path: url.pathname,
          query: queryOf(url.search),
          headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
        },
        { signingDate: new Date(clock.now()) },
      )
      return { ...signed.headers }
    },
  }
}

/** XML answers larger than this are refused (listings are paged far below it). */
export const MAX_XML_BYTES = 4 << 20

/**
 * Parses an AWS XML answer into plain objects (text values kept as strings; tags named in
 * `arrays` always arrays). Throws on a body over `maxBytes`, a DOCTYPE, or text that is not XML.
 */
export function parseAwsXml(
  text: string,
  opts: { arrays?: readonly string[]; maxBytes?: number } = {},
): Record<string, unknown> {
  const max = opts.maxBytes ?? MAX_XML_BYTES
  if (Buffer.byteLength(text) > max) throw new Error(`the XML answer is larger than ${max} bytes`)
  if (/<!DOCTYPE/i.test(text)) throw new Error('the XML answer has a DOCTYPE')
  if (!/^\s*(<\?xml[^>]*\?>\s*)?<[A-Za-z]/.test(text)) throw new Error('the answer is not XML')
  const arrays = new Set(opts.arrays ?? [])
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => arrays.has(name),
  })
  const value = parser.parse(text, true) as unknown
  if (typeof value !== 'object' || value === null) throw new Error('the answer is not XML')
  return value as Record<string, unknown>
}

/** The code and message of an S3 (`<Error>`) or Route 53 (`<ErrorResponse><Error>`) error body. */
export function awsError(text: string): { code: string; message: string } | undefined {
  try {
    const doc = parseAwsXml(text, { maxBytes: 1 << 20 })
    const err = (doc.Error ?? (doc.ErrorResponse as { Error?: unknown } | undefined)?.Error) as
      { Code?: unknown; Message?: unknown } | undefined
    if (err === undefined || typeof err.Code !== 'string') return undefined
    return { code: err.Code, message: typeof err.Message === 'string' ? err.Message : '' }
  } catch {
    return undefined
  }
}

/** What to tell the user for the error codes that point at the credentials or the clock. */
export function awsErrorHint(code: string, message = ''): string | undefined {
  if (code === 'RequestTimeTooSkewed' || /signature expired/i.test(message))
    return "the runner's clock is more than 5 minutes away from the service's: requests are signed with the time they are sent"
  if (code === 'SignatureDoesNotMatch')
    return 'the signature did not match: check that the secret access key belongs to the access key id'
  if (code === 'InvalidAccessKeyId' || code === 'InvalidClientTokenId')
    return 'the service does not know this access key id'
  if (code === 'ExpiredToken' || code === 'InvalidToken')
    return 'the session token is expired or invalid: temporary credentials (an assumed role, OIDC) last an hour by default'
  return undefined
}

/**
 * The server side of AWS Signature Version 4, written here from the AWS specification with
 * node:crypto, independently of the product's signer (@smithy/signature-v4): doubles of S3,
 * S3-compatible stores and Route 53 call `verifySigV4` on every request.
 *
 * What it enforces, as AWS does:
 * - `Authorization: AWS4-HMAC-SHA256 Credential=<id>/<yyyymmdd>/<region>/<service>/aws4_request,
 *   SignedHeaders=…, Signature=…`; a known access key id (`InvalidAccessKeyId`); the scope's
 *   date equal to `x-amz-date`'s, the double's region and service.
 * - The clock skew rule: `x-amz-date` more than 5 minutes from the double's clock is refused
 *   (`RequestTimeTooSkewed`; Route 53 words it "Signature expired").
 * - `host` and every `x-amz-*` header present are signed (S3: `AccessDenied`, headers not signed);
 *   a session token, when the key has one, is sent in `x-amz-security-token` and signed.
 * - The payload: `x-amz-content-sha256` (required for S3) equals the SHA-256 of the body received
 *   (`XAmzContentSHA256Mismatch`), or is `UNSIGNED-PAYLOAD` (refused by a switch); the
 *   aws-chunked streaming forms are refused (this double does not decode them, and a store that
 *   did not would keep the framing inside the object).
 * - The signature recomputed from the canonical request (`SignatureDoesNotMatch` otherwise): S3
 *   paths taken segment by segment (decoded, strictly re-encoded), other services' paths
 *   normalised and encoded twice; the query decoded, re-encoded and sorted; header values trimmed
 *   with inner spaces collapsed.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

export interface SigV4Key {
  readonly secretAccessKey: string
  /** The key is temporary: this session token must come with every request. */
  readonly sessionToken?: string
}

export interface SigV4Rules {
  readonly service: string
  readonly region: string
  readonly keys: ReadonlyMap<string, SigV4Key>
  /** The double's clock (epoch ms): requests are judged against it, never against the wall clock. */
  readonly now: () => number
  /** Default 5 minutes. */
  readonly maxSkewMs?: number
  /** Refuse `UNSIGNED-PAYLOAD` (a store that wants every byte signed). */
  readonly refuseUnsignedPayload?: boolean
  /** Require `x-amz-content-sha256` (S3 does; Route 53 does not). Default: service is s3. */
  readonly requirePayloadHeader?: boolean
}

export type SigV4Verdict =
  | { readonly ok: true; readonly accessKeyId: string; readonly signedHeaders: string[] }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string }

const refuse = (status: number, code: string, message: string): SigV4Verdict => ({
  ok: false,
  status,
  code,
  message,
})

const hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')
const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac('sha256', key).update(data).digest()

/** RFC 3986: every byte but A–Z a–z 0–9 - _ . ~ as %XX (upper-case hex). */
function uriEncode(s: string): string {
  let out = ''
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte)
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

function canonicalPath(rawPath: string, s3: boolean): string {
  if (s3)
    return (
      rawPath
        .split('/')
        .map((seg) => uriEncode(safeDecode(seg)))
        .join('/') || '/'
    )
  const segments: string[] = []
  for (const seg of rawPath.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') segments.pop()
    else segments.push(safeDecode(seg))
  }
  const path = `/${segments.join('/')}${segments.length > 0 && rawPath.endsWith('/') ? '/' : ''}`
  // Encoded twice: once as a path, once more for the canonical request.
  return uriEncode(path.split('/').map(uriEncode).join('/')).replace(/%2F/g, '/')
}

function canonicalQuery(rawQuery: string): string {
  const pairs = rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const i = p.indexOf('=')
      const k = safeDecode(i < 0 ? p : p.slice(0, i))
      const v = i < 0 ? '' : safeDecode(p.slice(i + 1))
      return [uriEncode(k), uriEncode(v)] as const
    })
    .filter(([k]) => k !== 'X-Amz-Signature')
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  return pairs.map(([k, v]) => `${k}=${v}`).join('&')
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name]
  if (v === undefined) return undefined
  const values = Array.isArray(v) ? v : [v]
  return values.map((x) => x.trim().replace(/\s+/g, ' ')).join(',')
}

/** `20261201T120000Z` as epoch ms, or NaN. */
function amzTime(v: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v)
  if (m === null) return NaN
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)
}

/** Checks one request as the service would. `url` is the raw request target (path and query). */
export function verifySigV4(
  req: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer },
  rules: SigV4Rules,
): SigV4Verdict {
  const s3 = rules.service === 's3'
  const auth = req.headers.authorization
  if (auth === undefined) return refuse(403, 'AccessDenied', 'Access Denied')
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(
      auth,
    )
  if (m === null)
    return refuse(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed')
  const [, keyId = '', day = '', region, service, signedList = '', signature = ''] = m
  const key = rules.keys.get(keyId)
  if (key === undefined)
    return refuse(
      403,
      s3 ? 'InvalidAccessKeyId' : 'InvalidClientTokenId',
      'The AWS Access Key Id you provided does not exist in our records.',
    )
  const amzDate = headerValue(req.headers, 'x-amz-date') ?? ''
  const at = amzTime(amzDate)
  if (Number.isNaN(at))
    return refuse(
      403,
      'AccessDenied',
      'AWS authentication requires a valid Date or x-amz-date header',
    )
  if (day !== amzDate.slice(0, 8) || region !== rules.region || service !== rules.service)
    return refuse(
      400,
      'AuthorizationHeaderMalformed',
      `the credential scope ${day}/${region}/${service} is wrong; expecting ${amzDate.slice(0, 8)}/${rules.region}/${rules.service}`,
    )
  const skew = Math.abs(at - rules.now())
  if (skew > (rules.maxSkewMs ?? 5 * 60_000))
    return s3
      ? refuse(
          403,
          'RequestTimeTooSkewed',
          'The difference between the request time and the current time is too large.',
        )
      : refuse(
          403,
          'InvalidSignatureException',
          `Signature expired: ${amzDate} is now earlier than ${new Date(rules.now() - 5 * 60_000).toISOString()} (… - 5 min.)`,
        )
  const signed = signedList.split(';')
  if ([...signed].sort().join(';') !== signedList)
    return refuse(403, 'SignatureDoesNotMatch', 'SignedHeaders must be sorted')
  const unsigned = Object.keys(req.headers).filter(
    (h) => (h === 'host' || h.startsWith('x-amz-')) && !signed.includes(h),
  )
  if (unsigned.length > 0 || !signed.includes('host'))
    return refuse(
      403,
      'AccessDenied',
      `There were headers present in the request which were not signed: ${unsigned.join(', ') || 'host'}`,
    )
  for (const h of signed)
    if (req.headers[h] === undefined)
      return refuse(403, 'SignatureDoesNotMatch', `signed header ${h} is missing`)
  if (key.sessionToken !== undefined && req.headers['x-amz-security-token'] !== key.sessionToken)
    return refuse(403, 'InvalidToken', 'The provided token is malformed or otherwise invalid.')
  const declared = headerValue(req.headers, 'x-amz-content-sha256')
  let payload: string
  if (declared === undefined) {
    if (rules.requirePayloadHeader ?? s3)
      return refuse(
        400,
        'InvalidRequest',
        'Missing required header for this request: x-amz-content-sha256',
      )
    payload = hex(req.body)
  } else if (declared === 'UNSIGNED-PAYLOAD') {
    if (rules.refuseUnsignedPayload === true)
      return refuse(403, 'AccessDenied', 'UNSIGNED-PAYLOAD is not accepted here')
    payload = declared
  } else if (declared.startsWith('STREAMING-')) {
    return refuse(501, 'NotImplemented', `${declared} bodies are not taken here`)
  } else {
    if (declared !== hex(req.body))
      return refuse(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      )
    payload = declared
  }
  const q = req.url.indexOf('?')
  const rawPath = q < 0 ? req.url : req.url.slice(0, q)
  const rawQuery = q < 0 ? '' : req.url.slice(q + 1)
  const canonical = [
    req.method,
    canonicalPath(rawPath, s3),
    canonicalQuery(rawQuery),
    ...signed.map((h) => `${h}:${headerValue(req.headers, h) ?? ''}`),
    '',
    signedList,
    payload,
  ].join('\n')
  const scope = `${day}/${region}/${service}/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, hex(canonical)].join('\n')
  const kDate = hmac(`AWS4${key.secretAccessKey}`, day)
  const kSigning = hmac(hmac(hmac(kDate, region ?? ''), service ?? ''), 'aws4_request')
  const expected = hmac(kSigning, toSign)
  const got = Buffer.from(signature, 'hex')
  if (got.length !== expected.length || !timingSafeEqual(got, expected))
    return refuse(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    )
  return { ok: true, accessKeyId: keyId, signedHeaders: signed }
}

/** An S3-style XML error body. */
export function s3ErrorXml(code: string, message: string, requestId = 'double-request'): string {
  const esc = (s: string): string =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message><RequestId>${requestId}</RequestId></Error>`
}

/**
 * AWS SigV4 on its own (src/http/aws.ts): requests signed by the product's signer (the SDK's
 * @smithy/signature-v4) are checked by the hand-written verifier of the doubles
 * (test/doubles/aws.ts), and both agree with the examples AWS publishes. The clock skew rule,
 * session tokens, payload hashes, unsigned x-amz-* headers, fresh signatures on retries through
 * the HTTP client, credential sources and masking.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { InputError, ProviderError } from '../src/errors.js'
import {
  EMPTY_SHA256,
  UNSIGNED_PAYLOAD,
  awsError,
  awsErrorHint,
  awsPath,
  awsQuery,
  awsSecrets,
  createAwsSigner,
  parseAwsXml,
  resolveAwsCredentials,
  resolveAwsRegion,
  sha256Hex,
  sha256OfFile,
  type AwsCredentials,
} from '../src/http/aws.js'
import { createHttpClient } from '../src/http/client.js'
import { masker } from '../src/io.js'
import { s3ErrorXml, verifySigV4, type SigV4Rules } from './doubles/aws.js'
import { fakeClock } from './support/clock.js'
import { scratch } from './support/fs-tree.js'
import { startServer, type TestServer } from './support/server.js'

const tmp = scratch('aws')
afterAll(tmp.remove)
let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const CREDS: AwsCredentials = {
  accessKeyId: 'AKIDTESTEXAMPLE0001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYtest/0001',
}
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0)

/** What the double sees of a request the signer produced (no server needed). */
async function signedRequest(
  signer: ReturnType<typeof createAwsSigner>,
  req: { method: string; url: string; headers?: Record<string, string>; body?: string },
): Promise<{ method: string; url: string; headers: Record<string, string>; body: Buffer }> {
  const headers = await signer.authorize({
    method: req.method,
    url: req.url,
    headers: req.headers ?? {},
    ...(req.body !== undefined ? { body: req.body } : {}),
  })
  const u = new URL(req.url)
  return {
    method: req.method,
    url: u.pathname + u.search,
    headers,
    body: Buffer.from(req.body ?? ''),
  }
}

const rules = (over: Partial<SigV4Rules> = {}): SigV4Rules => ({
  service: 's3',
  region: 'us-east-1',
  keys: new Map([[CREDS.accessKeyId, { secretAccessKey: CREDS.secretAccessKey }]]),
  now: () => T0,
  ...over,
})

describe('AWS SigV4 signing', () => {
  it('agrees with the examples AWS publishes (IAM GET with a query, S3 GET with a range)', async () => {
    // docs.aws.amazon.com, "Signature Version 4 signing process" (IAM ListUsers example).
    const iamKeys = new Map([
      ['AKIDEXAMPLE', { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }],
    ])
    const iam = createAwsSigner({
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      },
      service: 'iam',
      region: 'us-east-1',
      clock: fakeClock(Date.UTC(2015, 7, 30, 12, 36, 0)),
    })
    const a = await signedRequest(iam, {
      method: 'GET',
      url: 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    })
    expect(a.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    )
    expect(
      verifySigV4(a, {
        service: 'iam',
        region: 'us-east-1',
        keys: iamKeys,
        now: () => Date.UTC(2015, 7, 30, 12, 36, 0),
      }),
    ).toMatchObject({ ok: true })

    // Amazon S3 API reference, "Signature Calculations for the Authorization Header" (GET Object).
    const s3Keys = new Map([
      ['AKIAIOSFODNN7EXAMPLE', { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }],
    ])
    const s3 = createAwsSigner({
      credentials: {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
      service: 's3',
      region: 'us-east-1',
      clock: fakeClock(Date.UTC(2013, 4, 24)),
    })
    const b = await signedRequest(s3, {
      method: 'GET',
      url: 'https://examplebucket.s3.amazonaws.com/test.txt',
      headers: { range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_SHA256 },
    })
    expect(b.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    )
    expect(
      verifySigV4(b, { ...rules(), keys: s3Keys, now: () => Date.UTC(2013, 4, 24) }),
    ).toMatchObject({ ok: true })
  })

  it('signs paths, queries and metadata headers as sent, for any characters', async () => {
    const signer = createAwsSigner({
      credentials: CREDS,
      service: 's3',
      region: 'us-east-1',
      clock: fakeClock(T0),
    })
    const key = "site/acme~2Fsite@prod/ä ö+(1)*'!.car"
    const url = `http://127.0.0.1:9000${awsPath('bucket', ...key.split('/'))}?${awsQuery({ partNumber: 3, uploadId: 'a/b+c=d e' })}`
    expect(url).not.toMatch(/[@ +()*'!ä]/)
    const body = 'part body'
    const r = await signedRequest(signer, {
      method: 'PUT',
      url,
      headers: {
        'x-amz-meta-import': 'car',
        'x-amz-meta-note': '  two   spaces  ',
        'x-amz-content-sha256': sha256Hex(body),
      },
      body,
    })
    expect(verifySigV4(r, rules())).toMatchObject({
      ok: true,
      signedHeaders: [
        'host',
        'x-amz-content-sha256',
        'x-amz-date',
        'x-amz-meta-import',
        'x-amz-meta-note',
      ],
    })
    // Every change the signature covers is refused.
    const bad = (over: Partial<typeof r>, code: string): void => {
      expect(verifySigV4({ ...r, ...over }, rules()), code).toMatchObject({ ok: false, code })
    }
    bad({ headers: { ...r.headers, 'x-amz-meta-import': 'raw' } }, 'SignatureDoesNotMatch')
    bad({ url: r.url.replace('partNumber=3', 'partNumber=4') }, 'SignatureDoesNotMatch')
    bad({ method: 'POST' }, 'SignatureDoesNotMatch')
    bad({ body: Buffer.from('other body') }, 'XAmzContentSHA256Mismatch')
    bad({ headers: { ...r.headers, 'x-amz-meta-extra': 'unsigned' } }, 'AccessDenied')
    bad(
      {
        headers: {
          ...r.headers,
          authorization: r.headers.authorization?.replace('AKID', 'AKIE') ?? '',
        },
      },
      'InvalidAccessKeyId',
    )
    expect(verifySigV4(r, rules({ region: 'eu-west-1' }))).toMatchObject({
      ok: false,
      code: 'AuthorizationHeaderMalformed',
    })
  })

  it('refuses a request signed more than 5 minutes away from the service clock', async () => {
    for (const [offsetMs, ok] of [
      [4 * 60_000, true],
      [-4 * 60_000, true],
      [6 * 60_000, false],
      [-6 * 60_000, false],
    ] as const) {
      const signer = createAwsSigner({
        credentials: CREDS,
        service: 's3',
        region: 'us-east-1',
        clock: fakeClock(T0 + offsetMs),
      })
      const r = await signedRequest(signer, { method: 'GET', url: 'http://h/bucket?list-type=2' })
      const verdict = verifySigV4(r, rules())
      expect(verdict.ok, String(offsetMs)).toBe(ok)
      if (!verdict.ok) expect(verdict.code).toBe('RequestTimeTooSkewed')
    }
    const r53 = createAwsSigner({
      credentials: CREDS,
      service: 'route53',
      region: 'us-east-1',
      clock: fakeClock(T0 - 6 * 60_000),
    })
    const r = await signedRequest(r53, {
      method: 'GET',
      url: 'https://route53.amazonaws.com/2013-04-01/hostedzone',
    })
    const v = verifySigV4(r, rules({ service: 'route53' }))
    expect(v).toMatchObject({ ok: false, code: 'InvalidSignatureException' })
    if (!v.ok) expect(awsErrorHint(v.code, v.message)).toMatch(/clock is more than 5 minutes/)
  })

  it('signs a session token, hashes a string body for a non-S3 service, and takes UNSIGNED-PAYLOAD only where allowed', async () => {
    const temp: AwsCredentials = { ...CREDS, sessionToken: 'IQoJb3JpZ2luX2VjE/session+token==' }
    const keys = new Map([
      [
        CREDS.accessKeyId,
        { secretAccessKey: CREDS.secretAccessKey, sessionToken: temp.sessionToken },
      ],
    ])
    const r53 = createAwsSigner({
      credentials: temp,
      service: 'route53',
      region: 'us-east-1',
      clock: fakeClock(T0),
    })
    const body =
      '<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"/>'
    const r = await signedRequest(r53, {
      method: 'POST',
      url: 'https://route53.amazonaws.com/2013-04-01/hostedzone/Z0123/rrset/',
      headers: { 'content-type': 'text/xml' },
      body,
    })
    // Route 53 takes no payload header: the body's hash is in the signature only.
    expect(r.headers['x-amz-content-sha256']).toBeUndefined()
    expect(r.headers['x-amz-security-token']).toBe(temp.sessionToken)
    const r53Rules = rules({ service: 'route53', keys })
    expect(verifySigV4(r, r53Rules)).toMatchObject({ ok: true })
    expect(verifySigV4({ ...r, body: Buffer.from(`${body} `) }, r53Rules)).toMatchObject({
      ok: false,
      code: 'SignatureDoesNotMatch',
    })
    const { 'x-amz-security-token': _token, ...noToken } = r.headers
    expect(verifySigV4({ ...r, headers: noToken }, r53Rules)).toMatchObject({ ok: false })

    const s3 = createAwsSigner({
      credentials: CREDS,
      service: 's3',
      region: 'us-east-1',
      clock: fakeClock(T0),
    })
    const u = await signedRequest(s3, {
      method: 'PUT',
      url: 'http://h/bucket/key',
      headers: { 'x-amz-content-sha256': UNSIGNED_PAYLOAD },
      body: 'anything',
    })
    expect(verifySigV4(u, rules())).toMatchObject({ ok: true })
    expect(verifySigV4(u, rules({ refuseUnsignedPayload: true }))).toMatchObject({ ok: false })
    // S3 without the header: the signer adds the body's hash, as S3 requires.
    const h = await signedRequest(s3, { method: 'PUT', url: 'http://h/bucket/key', body: 'abc' })
    expect(h.headers['x-amz-content-sha256']).toBe(sha256Hex('abc'))
    expect(verifySigV4(h, rules())).toMatchObject({ ok: true })
  })

  it('hashes a file range in pieces', async () => {
    const file = path.join(tmp.root, 'range.bin')
    const bytes = Buffer.alloc(3 << 20, 7).map((_, i) => i % 251)
    writeFileSync(file, bytes)
    expect(await sha256OfFile(file, 100, 2_500_000)).toBe(sha256Hex(bytes.subarray(100, 2_500_000)))
    expect(await sha256OfFile(file, 5, 5)).toBe(EMPTY_SHA256)
  })

  it('signs every attempt afresh through the HTTP client, and never shows a credential', async () => {
    const clock = fakeClock(T0)
    const temp: AwsCredentials = { ...CREDS, sessionToken: 'FwoGZXIvYXdzEBY-session-token-0001' }
    const seen: string[] = []
    server = await startServer((req, res, body) => {
      const v = verifySigV4(
        { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body },
        rules({
          keys: new Map([
            [
              CREDS.accessKeyId,
              { secretAccessKey: CREDS.secretAccessKey, sessionToken: temp.sessionToken },
            ],
          ]),
          now: () => clock.now(),
        }),
      )
      seen.push(String(req.headers['x-amz-date']))
      if (!v.ok) {
        res.writeHead(v.status, { 'content-type': 'application/xml' })
        return res.end(s3ErrorXml(v.code, `${v.message} (key ${CREDS.accessKeyId})`))
      }
      if (seen.length === 1) {
        res.writeHead(503, { 'content-type': 'application/xml', 'retry-after': '400' })
        return res.end(s3ErrorXml('SlowDown', 'Please reduce your request rate.'))
      }
      res.end('<?xml version="1.0"?><Ok/>')
    })
    const m = masker()
    const registered: string[] = []
    for (const s of awsSecrets(temp)) {
      m.add(s)
      registered.push(s)
    }
    expect(registered).toEqual(
      expect.arrayContaining([temp.accessKeyId, temp.secretAccessKey, temp.sessionToken]),
    )
    const signer = createAwsSigner({ credentials: temp, service: 's3', region: 'us-east-1', clock })
    const http = createHttpClient({
      provider: 'store',
      baseUrl: server.url,
      stallMs: 2000,
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 600_000 },
      clock,
      redact: (t) => m.mask(t),
      authorize: (req) => signer.authorize(req),
    })
    const res = await http.send({
      operation: 'list',
      method: 'GET',
      path: `/bucket?${awsQuery({ 'list-type': 2, prefix: 'a b/' })}`,
    })
    expect(res.text).toContain('<Ok/>')
    // The retry waited 400 s (Retry-After) and was signed again with the later time.
    expect(seen).toHaveLength(2)
    expect(seen[1]).not.toBe(seen[0])

    // A refused key: the error names the code, and no credential byte shows.
    const wrong = createAwsSigner({
      credentials: { ...temp, secretAccessKey: 'not-the-secret-0001' },
      service: 's3',
      region: 'us-east-1',
      clock,
    })
    m.add('not-the-secret-0001')
    const bad = createHttpClient({
      provider: 'store',
      baseUrl: server.url,
      credentials: ['store-secret-key'],
      stallMs: 2000,
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1000 },
      clock,
      redact: (t) => m.mask(t),
      authorize: (req) => wrong.authorize(req),
    })
    const err = (await bad
      .send({ operation: 'list', method: 'GET', path: '/bucket' })
      .catch((e: unknown) => e)) as ProviderError
    expect(err).toBeInstanceOf(ProviderError)
    expect(err.status).toBe(403)
    expect(err.message).toMatch(/SignatureDoesNotMatch The request signature we calculated/)
    expect(err.message).not.toMatch(/HTML page/)
    expect(err.message).toMatch(/check "store-secret-key"/)
    for (const s of registered) expect(err.message).not.toContain(s)
  })
})

describe('AWS credentials, region and XML', () => {
  const names = { accessKeyId: 'x-access-key-id', secretAccessKey: 'x-secret-access-key' }
  const env = {
    AWS_ACCESS_KEY_ID: 'ASIAENVIRONMENT0001',
    AWS_SECRET_ACCESS_KEY: 'env-secret-0001',
    AWS_SESSION_TOKEN: 'env-token-0001',
    AWS_DEFAULT_REGION: 'eu-central-1',
  }

  it('takes the explicit pair first, else the environment when allowed, and names what is missing', () => {
    expect(
      resolveAwsCredentials(
        { accessKeyId: 'AKIDX', secretAccessKey: 'sx' },
        { names, fromEnvironment: true, env, why: 'x' },
      ),
    ).toEqual({ credentials: { accessKeyId: 'AKIDX', secretAccessKey: 'sx' }, source: 'inputs' })
    expect(resolveAwsCredentials({}, { names, fromEnvironment: true, env, why: 'x' })).toEqual({
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        sessionToken: env.AWS_SESSION_TOKEN,
      },
      source: 'environment',
    })
    const half = (() => {
      try {
        resolveAwsCredentials(
          { accessKeyId: 'AKIDX' },
          { names, fromEnvironment: true, env, why: 'provider "x"' },
        )
      } catch (e) {
        return e
      }
    })() as InputError
    expect(half).toBeInstanceOf(InputError)
    expect(half.input).toBe('x-secret-access-key')
    // The environment is never used where the caller does not allow it (another vendor's keys).
    expect(() =>
      resolveAwsCredentials({}, { names, fromEnvironment: false, env, why: 'provider "x"' }),
    ).toThrow(/Set "x-access-key-id" and "x-secret-access-key" for provider "x"\.$/)
    expect(() =>
      resolveAwsCredentials({}, { names, fromEnvironment: true, env: {}, why: 'provider "x"' }),
    ).toThrow(/configure-aws-credentials/)
    expect(resolveAwsRegion('', 'us-east-1', env)).toBe('eu-central-1')
    expect(resolveAwsRegion('', 'us-east-1', { ...env, AWS_REGION: 'eu-west-3' })).toBe('eu-west-3')
    expect(resolveAwsRegion('auto', 'us-east-1', env)).toBe('auto')
    expect(resolveAwsRegion('', 'us-east-1', {})).toBe('us-east-1')
  })

  it('parses XML answers with lists, entities and bounds; reads S3 and Route 53 errors', () => {
    const doc = parseAwsXml(
      '<?xml version="1.0"?><ListBucketResult><Contents><Key>a&amp;b</Key><Size>0012</Size></Contents></ListBucketResult>',
      { arrays: ['Contents'] },
    )
    expect(doc).toEqual({
      '?xml': '',
      ListBucketResult: { Contents: [{ Key: 'a&b', Size: '0012' }] },
    })
    expect(() => parseAwsXml('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')).toThrow(/DOCTYPE/)
    expect(() => parseAwsXml('{"json":true}')).toThrow(/not XML/)
    expect(() => parseAwsXml(`<a>${'x'.repeat(100)}</a>`, { maxBytes: 50 })).toThrow(
      /larger than 50 bytes/,
    )
    expect(awsError(s3ErrorXml('NoSuchKey', 'The specified key does not exist.'))).toEqual({
      code: 'NoSuchKey',
      message: 'The specified key does not exist.',
    })
    expect(
      awsError(
        '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidChangeBatch</Code><Message>[x]</Message></Error></ErrorResponse>',
      ),
    ).toEqual({ code: 'InvalidChangeBatch', message: '[x]' })
    expect(awsError('<html>Bad Gateway</html>')).toBeUndefined()
  })
})

/**
 * The Filebase S3 provider against the Filebase double (SigV4 checked by the independent
 * verifier): CAR import by PutObject and by multipart upload (parts streamed, reassembled and
 * re-read by the double with @ipld/car), the import header trap, the CID read back by HEAD,
 * labels in keys, listing bounds, the clock rule, and requests equal to what the official
 * AWS SDK sends for the same operations. The contract suite covers the rest.
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3'
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { CarResult } from '../../src/content/car.js'
import { InputError, ProviderError } from '../../src/errors.js'
import type { AwsCredentials } from '../../src/http/aws.js'
import {
  KEY_ROOT,
  createFilebaseS3Provider,
  filebaseS3,
  keyFor,
  parseKey,
  scopePrefix,
  type FilebaseS3Options,
} from '../../src/providers/filebase-s3.js'
import { createS3Client } from '../../src/providers/s3-client.js'
import type { CarFile, PinTags, Provider } from '../../src/providers/types.js'
import { startFilebaseDouble, type FilebaseDouble } from '../doubles/filebase.js'
import type { Recorded } from '../support/server.js'
import { ROOT } from '../support/action-harness.js'
import { fakeClock } from '../support/clock.js'
import { providerContract } from '../support/contract.js'
import { testDeps } from '../support/deps.js'
import { carOf, scratch, writeTree } from '../support/fs-tree.js'
import { seededBytesSync } from '../support/seeded-random.js'

const tmp = scratch('filebase')
afterAll(tmp.remove)
const KEYS: AwsCredentials = {
  accessKeyId: 'FILEBASEKEY0123456789',
  secretAccessKey: 'fb-secret-9f8e7d6c5b4a-0123456789abcdef',
}
const BUCKET = 'site-deploys'
const TAGS: PinTags = {
  name: 'site-0123456',
  metadata: {
    team: 'web',
    'ipfs-pin.scope': 'acme/site@production',
    'ipfs-pin.time': '2026-11-01T10:20:30.456Z',
    'ipfs-pin.repo': 'acme/site',
    'ipfs-pin.env': 'production',
    'ipfs-pin.sha': '0123456789abcdef',
  },
}
const MIB = 1 << 20

let small: CarResult
/** About 13 MiB: three 5 MiB parts. */
let big: CarResult
beforeAll(async () => {
  small = await carOf(path.join(ROOT, 'examples', 'planets'), tmp.next('car'))
  const dir = writeTree(tmp.next('big'), {
    'a.bin': seededBytesSync('filebase-big', 13 * MIB),
    'index.html': '<p>big</p>',
  })
  big = await carOf(dir, tmp.next('car'))
})
const carFile = (c: CarResult): CarFile => ({ path: c.carPath, size: c.carSize, root: c.root })

let fb: FilebaseDouble
afterEach(async () => (fb as FilebaseDouble | undefined)?.close())

async function provider(
  over: Partial<FilebaseS3Options> = {},
  opts: { retries?: number; clockOffsetMs?: number } = {},
): Promise<{ p: Provider; logs: string[]; clock: ReturnType<typeof fakeClock> }> {
  fb = await startFilebaseDouble({
    bucket: BUCKET,
    keys: new Map([[KEYS.accessKeyId, { secretAccessKey: KEYS.secretAccessKey }]]),
  })
  const clock = fakeClock(Date.now() + (opts.clockOffsetMs ?? 0))
  fb.now = () => clock.now() - (opts.clockOffsetMs ?? 0)
  const { deps, logs } = testDeps([KEYS.accessKeyId, KEYS.secretAccessKey], {
    retries: opts.retries ?? 1,
    clock,
  })
  const config: FilebaseS3Options = {
    id: 'filebase-s3',
    endpoint: fb.url,
    region: 'us-east-1',
    bucket: BUCKET,
    keys: KEYS,
    multipartAbove: 6 * MIB,
    partSize: 5 * MIB,
    ...over,
  }
  return { p: createFilebaseS3Provider(config, deps), logs, clock }
}

const writes = (d: FilebaseDouble, method: string): Recorded[] =>
  d.server.requests.filter((r) => r.method === method)

describe('filebase-s3 provider', () => {
  it('PUTs the CAR with the import header and its labels, and reports the root the store read', async () => {
    const { p } = await provider()
    const info = await p.uploadCar?.(carFile(small), TAGS)
    const key = keyFor(TAGS, small.root.toString(), 0)
    expect(key).toBe(
      `${KEY_ROOT}acme~2Fsite~40production/acme/site/production/20261101T102030.456Z-${small.root.toString()}.car`,
    )
    expect(info).toEqual({ cid: small.root.toString(), id: key, state: 'pinned' })
    const put = writes(fb, 'PUT')[0]
    expect(put?.url).toBe(`/${BUCKET}/${key}`)
    expect(put?.headers).toMatchObject({
      'x-amz-meta-import': 'car',
      'content-type': 'application/vnd.ipld.car',
      'x-amz-meta-name': 'site-0123456',
      'x-amz-meta-team': 'web',
      'x-amz-meta-ipfs-pin.scope': 'acme/site@production',
      'content-length': String(small.carSize),
    })
    // The real payload hash, never UNSIGNED-PAYLOAD or aws-chunked.
    expect(put?.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/)
    expect(put?.body.equals(readFileSync(small.carPath))).toBe(true)
    expect(fb.holders(small.root.toString())).toHaveLength(1)
  })

  it('sends UNSIGNED-PAYLOAD where the body is not signed (the https default), and says so when refused', async () => {
    const { p } = await provider({ signPayload: false })
    expect((await p.uploadCar?.(carFile(big), TAGS))?.cid).toBe(big.root.toString())
    const bodies = fb.server.requests.filter((r) => r.body.length > 0 && r.method === 'PUT')
    expect(bodies.length).toBeGreaterThan(1)
    for (const r of bodies) expect(r.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD')
    await fb.close()
    const strict = await provider({ signPayload: false })
    fb.refuseUnsignedPayload = true
    await expect(strict.p.uploadCar?.(carFile(small), TAGS)).rejects.toThrow(
      /HTTP 403: AccessDenied UNSIGNED-PAYLOAD is not accepted here/,
    )
  })

  it('stores the CAR as a plain file with another CID without the import header (what the header prevents)', async () => {
    await provider()
    const { deps } = testDeps([KEYS.secretAccessKey])
    const s3 = createS3Client(
      { provider: 'x', endpoint: fb.url, region: 'us-east-1', bucket: BUCKET, credentials: KEYS },
      deps,
    )
    const headers = await s3.put(
      'plain.car',
      { path: small.carPath, start: 0, end: small.carSize },
      {},
    )
    const cid = String(headers['x-amz-meta-cid'])
    expect(cid).toMatch(/^Qm/)
    expect(cid).not.toBe(small.root.toString())
  })

  it('uploads a large CAR in parts streamed from the file, reads the CID by HEAD, and counts progress', async () => {
    const { p } = await provider()
    const progress = { sent: 0 }
    const info = await p.uploadCar?.(carFile(big), TAGS, { progress })
    expect(info?.cid).toBe(big.root.toString())
    const parts = writes(fb, 'PUT').filter((r) => r.url.includes('partNumber='))
    expect(parts.map((r) => r.body.length).sort((a, b) => b - a)).toEqual([
      5 * MIB,
      5 * MIB,
      big.carSize - 10 * MIB,
    ])
    const create = fb.server.requests.find((r) => r.method === 'POST' && r.url.includes('uploads'))
    expect(create?.headers['x-amz-meta-import']).toBe('car')
    expect(fb.server.requests.some((r) => r.method === 'HEAD')).toBe(true)
    expect(progress.sent).toBe(big.carSize)
    expect(fb.uploads.size).toBe(0)
    expect(fb.holders(big.root.toString())).toHaveLength(1)
  })

  it('retries a failed part, and aborts the upload when a part keeps failing', async () => {
    const { p } = await provider({}, { retries: 2 })
    let failed = 0
    fb.fault = (_n, _path, method) =>
      method === 'PUT' && failed++ === 0 ? { status: 503, body: 'SlowDown' } : undefined
    expect((await p.uploadCar?.(carFile(big), TAGS))?.cid).toBe(big.root.toString())
    await fb.close()

    const again = await provider({}, { retries: 1 })
    fb.fault = (_n, pathname, method) =>
      method === 'PUT' && pathname.endsWith('.car') && fb.uploads.size > 0
        ? { status: 500, body: 'InternalError' }
        : undefined
    const err = (await again.p
      .uploadCar?.(carFile(big), TAGS)
      .catch((e: unknown) => e)) as ProviderError
    expect(err).toBeInstanceOf(ProviderError)
    expect(err.message).toMatch(/^filebase-s3: uploading a part of the CAR failed: HTTP 500/)
    // The upload was aborted: no parts left stored, no object.
    expect(
      fb.server.requests.some((r) => r.method === 'DELETE' && r.url.includes('uploadId=')),
    ).toBe(true)
    expect(fb.uploads.size).toBe(0)
    expect(fb.objects.size).toBe(0)
  })

  it('completes once when the Complete answer is lost: the object is looked up, not sent again', async () => {
    const { p, logs } = await provider({}, { retries: 2 })
    let completes = 0
    fb.fault = (_n, _path, method) =>
      method === 'POST' && fb.uploads.size > 0 && completes++ === 0 ? 'reset-after' : undefined
    expect((await p.uploadCar?.(carFile(big), TAGS))?.cid).toBe(big.root.toString())
    expect(completes).toBe(1)
    expect(
      fb.server.requests.filter((r) => r.method === 'POST' && r.url.includes('uploadId=')),
    ).toHaveLength(1)
    expect(logs.join('\n')).toMatch(/had taken the request/)
  })

  it('waits for a CID that shows late, and says what is wrong when none ever does', async () => {
    const { p, clock } = await provider()
    fb.cidAfterHeads = 3
    expect((await p.uploadCar?.(carFile(small), TAGS))?.cid).toBe(small.root.toString())
    // The third HEAD shows it: two pauses, growing.
    expect(clock.sleeps).toEqual([1000, 1500])
    await fb.close()
    const other = await provider()
    fb.notIpfs = true
    await expect(other.p.uploadCar?.(carFile(small), TAGS)).rejects.toThrow(
      /reported no CID after 20 reads: is "site-deploys" an IPFS bucket\?/,
    )
  })

  it('does not store a CID again that this scope already stored', async () => {
    const { p, logs } = await provider()
    await p.uploadCar?.(carFile(small), TAGS)
    const later = {
      ...TAGS,
      metadata: { ...TAGS.metadata, 'ipfs-pin.time': '2026-11-02T00:00:00.000Z' },
    }
    expect(await p.uploadCar?.(carFile(small), later)).toMatchObject({ cid: small.root.toString() })
    expect(writes(fb, 'PUT')).toHaveLength(1)
    expect(logs.join('\n')).toMatch(/already holds/)
    // Another scope stores its own object: its claim is its key.
    const preview = { ...TAGS, metadata: { ...TAGS.metadata, 'ipfs-pin.scope': 'acme/site#pr-7' } }
    await p.uploadCar?.(carFile(small), preview)
    expect(fb.holders(small.root.toString())).toHaveLength(2)
  })

  it('refuses a request whose clock is more than 5 minutes off, once, saying so', async () => {
    const { p } = await provider({}, { clockOffsetMs: 6 * 60_000, retries: 2 })
    const err = (await p
      .uploadCar?.(carFile(small), TAGS)
      .catch((e: unknown) => e)) as ProviderError
    expect(err.status).toBe(403)
    expect(err.message).toMatch(/RequestTimeTooSkewed/)
    expect(err.message).toMatch(/clock is more than 5 minutes away/)
    // The first request (the scope's listing) is refused, and not sent again.
    expect(fb.server.requests).toHaveLength(1)
    expect(err.message).not.toContain(KEYS.accessKeyId)
  })

  it('stops a listing that repeats its continuation token, and keeps keys it did not write', async () => {
    const { p } = await provider()
    fb.seed(
      'ipfs-pin-action/acme~2Fsite~40production/acme/site/production/20260101T000000.000Z-bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy.car',
      'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
    )
    fb.seed('someone-else/file.car', 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
    expect(
      (await p.unpin?.({ cid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy' }))
        ?.outcome,
    ).toBe('removed')
    expect([...fb.objects.keys()]).toEqual(['someone-else/file.car'])
    fb.repeatToken = true
    const listing = (async () => {
      for await (const _ of p.list?.({ scope: 'acme/site@production' }) ?? []) void _
    })()
    await expect(listing).rejects.toThrow(/repeated a page/)
  })

  it('reads keys back into labels, whatever the scope holds', () => {
    for (const scope of ['acme/site@production', 'acme/site#pr-7', 'team~web/ü', 'x'])
      for (const repo of ['acme/site', 'group/sub/project', undefined]) {
        const tags: PinTags = {
          name: 'n',
          metadata: {
            'ipfs-pin.scope': scope,
            'ipfs-pin.time': '2026-11-01T00:00:00.000Z',
            ...(repo !== undefined ? { 'ipfs-pin.repo': repo } : {}),
            'ipfs-pin.env': 'staging.eu',
          },
        }
        const key = keyFor(tags, 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi', 0)
        expect(key.startsWith(scopePrefix(scope))).toBe(true)
        expect(key).toMatch(/^[A-Za-z0-9._~/-]+$/)
        expect(parseKey(key)).toEqual({
          cid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
          metadata: { ...tags.metadata },
        })
      }
    expect(scopePrefix('a')).not.toBe(scopePrefix('a/b').slice(0, scopePrefix('a').length))
    expect(parseKey('elsewhere/x.car')).toBeUndefined()
  })

  it('checks its inputs before any request, and masks the keys', () => {
    const ctx = (inputs: Record<string, string>) => {
      const secrets: string[] = []
      return {
        secrets,
        raw: (n: string) => inputs[n] ?? '',
        secret: (v: string) => void secrets.push(v),
      }
    }
    const base = {
      'filebase-bucket': BUCKET,
      'filebase-access-key-id': KEYS.accessKeyId,
      'filebase-secret-access-key': KEYS.secretAccessKey,
      'filebase-s3-url': 'https://s3.filebase.com',
      'filebase-region': 'us-east-1',
    }
    const ok = ctx(base)
    expect(filebaseS3.read(ok)).toMatchObject({
      bucket: BUCKET,
      endpoint: 'https://s3.filebase.com',
    })
    expect(ok.secrets).toEqual(expect.arrayContaining([KEYS.accessKeyId, KEYS.secretAccessKey]))
    const bad = (over: Record<string, string>, input: string): void => {
      const e = (() => {
        try {
          filebaseS3.read(ctx({ ...base, ...over }))
        } catch (err) {
          return err
        }
      })() as InputError
      expect(e, input).toBeInstanceOf(InputError)
      expect(e.input).toBe(input)
    }
    bad({ 'filebase-bucket': 'Not_A_Bucket' }, 'filebase-bucket')
    bad({ 'filebase-bucket': '' }, 'filebase-bucket')
    bad({ 'filebase-secret-access-key': '' }, 'filebase-secret-access-key')
    bad(
      { 'filebase-access-key-id': '', 'filebase-secret-access-key': '' },
      'filebase-access-key-id',
    )
    bad({ 'filebase-s3-url': 'ftp://x' }, 'filebase-s3-url')
  })
})

describe('filebase-s3 requests equal the official AWS SDK for the same operations', () => {
  /** What must match: method, path, query, signed headers (less the SDK's own bookkeeping), body. */
  const shape = (r: Recorded) => {
    const u = new URL(r.url, 'http://x')
    const signed =
      /SignedHeaders=([^,]+)/.exec(String(r.headers.authorization))?.[1]?.split(';') ?? []
    const own = signed.filter(
      (h) => !['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent'].includes(h),
    )
    return {
      method: r.method,
      path: decodeURIComponent(u.pathname),
      // `x-id=<Operation>` is the SDK's own marker; S3 ignores it.
      query: Object.fromEntries([...u.searchParams].filter(([k]) => k !== 'x-id').sort()),
      signed: own,
      values: Object.fromEntries(
        own.filter((h) => !['x-amz-date', 'host'].includes(h)).map((h) => [h, r.headers[h]]),
      ),
      body: r.body.toString('base64'),
    }
  }

  it('PutObject, HeadObject, ListObjectsV2, DeleteObject, and a multipart upload', async () => {
    const clock = fakeClock(Date.now())
    const run = async (ours: boolean): Promise<Recorded[]> => {
      const d = await startFilebaseDouble({
        bucket: BUCKET,
        keys: new Map([[KEYS.accessKeyId, { secretAccessKey: KEYS.secretAccessKey }]]),
      })
      d.now = () => clock.now()
      const key = 'dir/site.car'
      const car = { path: big.carPath, start: 0, end: big.carSize }
      const partTwo = { path: big.carPath, start: 5 * MIB, end: big.carSize }
      const partOne = { path: big.carPath, start: 0, end: 5 * MIB }
      const meta = { import: 'car', scope: 'acme' }
      try {
        if (ours) {
          const s3 = createS3Client(
            {
              provider: 'x',
              endpoint: d.url,
              region: 'us-east-1',
              bucket: BUCKET,
              credentials: KEYS,
            },
            testDeps([], { clock }).deps,
          )
          const headers = {
            'content-type': 'application/vnd.ipld.car',
            'x-amz-meta-import': 'car',
            'x-amz-meta-scope': 'acme',
          }
          await s3.put(key, { path: small.carPath, start: 0, end: small.carSize }, headers)
          await s3.head(key, 'status')
          for await (const _ of s3.list('dir/')) void _
          await s3.delete(key)
          const id = await s3.startMultipart(key, headers)
          const e1 = await s3.putPart(key, id, 1, partOne)
          const e2 = await s3.putPart(key, id, 2, partTwo)
          await s3.completeMultipart(key, id, [e1, e2], () => Promise.resolve(false))
          const id2 = await s3.startMultipart('other.car', headers)
          await s3.abortMultipart('other.car', id2)
          void car
        } else {
          const client = new S3Client({
            endpoint: d.url,
            region: 'us-east-1',
            forcePathStyle: true,
            credentials: KEYS,
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
            systemClockOffset: clock.now() - Date.now(),
          })
          const ContentType = 'application/vnd.ipld.car'
          await client.send(
            new PutObjectCommand({
              Bucket: BUCKET,
              Key: key,
              Body: readFileSync(small.carPath),
              ContentType,
              Metadata: meta,
            }),
          )
          await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))
          await client.send(
            new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'dir/', MaxKeys: 1000 }),
          )
          await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }))
          const { UploadId } = await client.send(
            new CreateMultipartUploadCommand({
              Bucket: BUCKET,
              Key: key,
              ContentType,
              Metadata: meta,
            }),
          )
          const bytes = readFileSync(big.carPath)
          const p1 = await client.send(
            new UploadPartCommand({
              Bucket: BUCKET,
              Key: key,
              UploadId,
              PartNumber: 1,
              Body: bytes.subarray(0, 5 * MIB),
            }),
          )
          const p2 = await client.send(
            new UploadPartCommand({
              Bucket: BUCKET,
              Key: key,
              UploadId,
              PartNumber: 2,
              Body: bytes.subarray(5 * MIB),
            }),
          )
          await client.send(
            new CompleteMultipartUploadCommand({
              Bucket: BUCKET,
              Key: key,
              UploadId,
              MultipartUpload: {
                Parts: [
                  { ETag: p1.ETag, PartNumber: 1 },
                  { ETag: p2.ETag, PartNumber: 2 },
                ],
              },
            }),
          )
          const other = await client.send(
            new CreateMultipartUploadCommand({
              Bucket: BUCKET,
              Key: 'other.car',
              ContentType,
              Metadata: meta,
            }),
          )
          await client.send(
            new AbortMultipartUploadCommand({
              Bucket: BUCKET,
              Key: 'other.car',
              UploadId: other.UploadId,
            }),
          )
          client.destroy()
        }
        return [...d.server.requests]
      } finally {
        await d.close()
      }
    }
    const sdk = (await run(false)).map(shape)
    const ours = (await run(true)).map(shape)
    expect(ours.map((r) => `${r.method} ${r.path}`)).toEqual(
      sdk.map((r) => `${r.method} ${r.path}`),
    )
    for (let i = 0; i < sdk.length; i++) {
      const a = ours[i]
      const b = sdk[i]
      expect({ ...a, body: undefined }, `request ${i + 1}: ${b?.method} ${b?.path}`).toEqual({
        ...b,
        body: undefined,
      })
      expect(a?.body === b?.body, `request ${i + 1} body`).toBe(true)
    }
    expect(statSync(big.carPath).size).toBe(big.carSize)
  })
})

providerContract({
  descriptor: filebaseS3,
  http: true,
  profile: 'unixfs-v1-2025',
  async start() {
    const keys = {
      accessKeyId: 'FBCONTRACTKEY000001',
      secretAccessKey: 'fb-contract-secret-0a1b2c3d4e5f',
    }
    const d = await startFilebaseDouble({
      bucket: 'contract-bucket',
      keys: new Map([[keys.accessKeyId, { secretAccessKey: keys.secretAccessKey }]]),
    })
    const inputs = {
      provider: 'filebase-s3',
      'filebase-bucket': 'contract-bucket',
      'filebase-access-key-id': keys.accessKeyId,
      'filebase-secret-access-key': keys.secretAccessKey,
      'filebase-s3-url': d.url,
    }
    return {
      double: d,
      inputs,
      wrong: { ...inputs, 'filebase-secret-access-key': 'fb-wrong-secret-000000' },
      secrets: [keys.accessKeyId, keys.secretAccessKey],
      lie: (cid) => (d.lieAboutCid = cid),
      holds: (cid) => d.pinned(cid),
      count: (cid) => d.holders(cid).length,
      writePath: /\.car$/,
      writeMethod: 'PUT',
      seed: (cid, tags) => d.seed(keyFor(tags, cid, 0), cid),
      pageSize: (n) => (d.pageCap = n),
    }
  },
})

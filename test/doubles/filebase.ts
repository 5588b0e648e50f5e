/**
 * A Filebase S3 double on 127.0.0.1:0 (docs/providers/filebase-s3.md), path-style
 * (`/<bucket>/<key>`), every request checked by the independent SigV4 verifier
 * (test/doubles/aws.ts: signature, scope, 5-minute skew, signed x-amz-* headers, payload hash).
 *
 * - PutObject with `x-amz-meta-import: car`: the CAR is parsed with @ipld/car and every block
 *   re-hashed with node:crypto (test/doubles/common.ts); exactly one root and the whole DAG under
 *   it, else `400 InvalidRequest`. The answer carries `x-amz-meta-cid` = the root read from the
 *   bytes received (or `lieAboutCid`). Without the header the bytes are a plain file: its CID is
 *   the one kubo's defaults give those bytes (CIDv0), not the CAR's root. Above `maxSinglePut`
 *   bytes: `400 EntityTooLarge`.
 * - Multipart: metadata from CreateMultipartUpload; parts numbered 1..10000; on Complete, parts
 *   listed in ascending order with the ETags given at upload (`InvalidPart`, `InvalidPartOrder`),
 *   every part but the last at least `minPartSize` (`EntityTooSmall`); then imported as above.
 *   The CID is not on the Complete answer (read it by HEAD). Abort frees the parts.
 * - HeadObject: user metadata and `x-amz-meta-cid` (after `cidAfterHeads` HEADs, for the async
 *   case); 404 without a body. ListObjectsV2: `prefix`, `max-keys` (≤ 1000, and `pageCap`),
 *   `continuation-token`, lexical order, S3's XML; `repeatToken` answers the same token forever.
 *   DeleteObject: 204, also for a missing key.
 * - A CID stays pinned while some object holds it (`pinned`): the per-object model the provider
 *   assumes (unverified at Filebase; the provider never relies on it across scopes).
 * - `refuseChecksums` refuses `x-amz-checksum-*` / `x-amz-sdk-checksum-algorithm` headers, to
 *   prove the provider does not depend on them; `refuseUnsignedPayload` refuses UNSIGNED-PAYLOAD.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { startServer, type TestServer } from '../support/server.js'
import { referenceFileCid } from '../support/reference-unixfs.js'
import { s3ErrorXml, verifySigV4, type SigV4Key } from './aws.js'
import { Blocks, KUBO_V0, applyFault, type FaultHooks } from './common.js'

export interface S3Object {
  key: string
  cid: string
  size: number
  etag: string
  lastModified: string
  metadata: Record<string, string>
  /** HEADs answered so far (the CID shows after `cidAfterHeads`). */
  heads: number
}

interface Upload {
  key: string
  metadata: Record<string, string>
  parts: Map<number, { etag: string; data: Buffer }>
}

export interface FilebaseDouble extends FaultHooks {
  readonly url: string
  readonly server: TestServer
  readonly bucket: string
  readonly objects: Map<string, S3Object>
  readonly uploads: Map<string, Upload>
  /** The double's clock for the skew rule (default: the wall clock). */
  now: () => number
  /**
   * How far `x-amz-date` may be from `now` (default S3's 5 minutes). Runs on clocks of their own
   * (test/concurrency/world.ts: claim times minutes apart) widen it; the signature still counts.
   */
  maxSkewMs: number
  lieAboutCid?: string
  /** HEADs before `x-amz-meta-cid` shows (0: at once); the PUT answer then carries none. */
  cidAfterHeads: number
  maxSinglePut: number
  minPartSize: number
  /** Keys per listing page at most, whatever max-keys asks. */
  pageCap: number
  /** A listing that answers "truncated" with the same token for ever. */
  repeatToken: boolean
  refuseChecksums: boolean
  refuseUnsignedPayload: boolean
  /** The bucket does not import CARs (a bucket that is not an IPFS bucket): no CID at all. */
  notIpfs: boolean
  /** Whether some object holds `cid` (it stays pinned). */
  pinned(cid: string): boolean
  /** Objects holding `cid`. */
  holders(cid: string): S3Object[]
  /** An object put straight in (another run's deployment). */
  seed(key: string, cid: string): void
  close(): Promise<void>
}

const md5 = (b: Buffer): string => `"${createHash('md5').update(b).digest('hex')}"`

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': 'double' })
  res.end(body)
}
const fail = (res: ServerResponse, status: number, code: string, message: string): void =>
  xml(res, status, s3ErrorXml(code, message))

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export async function startFilebaseDouble(opts: {
  bucket: string
  keys: ReadonlyMap<string, SigV4Key>
  region?: string
}): Promise<FilebaseDouble> {
  const objects = new Map<string, S3Object>()
  const uploads = new Map<string, Upload>()
  let uploadSeq = 0
  const state = {
    bucket: opts.bucket,
    objects,
    uploads,
    now: () => Date.now(),
    maxSkewMs: 5 * 60_000,
    cidAfterHeads: 0,
    maxSinglePut: 5 * 1024 ** 3,
    minPartSize: 5 << 20,
    pageCap: 1000,
    repeatToken: false,
    refuseChecksums: true,
    refuseUnsignedPayload: false,
    notIpfs: false,
  } as unknown as FilebaseDouble
  state.holders = (cid) => [...objects.values()].filter((o) => o.cid === cid)
  state.pinned = (cid) => state.holders(cid).length > 0
  const stamp = (): string => new Date(state.now()).toISOString()
  state.seed = (key, cid) =>
    void objects.set(key, {
      key,
      cid,
      size: 1,
      etag: '"seed"',
      lastModified: stamp(),
      metadata: { import: 'car' },
      heads: 1_000_000,
    })

  const metaOf = (req: IncomingMessage): Record<string, string> =>
    Object.fromEntries(
      Object.entries(req.headers)
        .filter(([k]) => k.startsWith('x-amz-meta-'))
        .map(([k, v]) => [
          k.slice('x-amz-meta-'.length),
          Array.isArray(v) ? v.join(',') : (v ?? ''),
        ]),
    )

  /** Stores `data` under `key` as Filebase would: a CAR import, or a plain file. */
  async function store(
    res: ServerResponse,
    key: string,
    data: Buffer,
    metadata: Record<string, string>,
  ): Promise<S3Object | undefined> {
    let cid: string
    if (metadata.import === 'car' && !state.notIpfs) {
      const blocks = new Blocks()
      const taken = await blocks.importCar(data)
      if ('error' in taken)
        return void fail(res, 400, 'InvalidRequest', `the CAR was refused: ${taken.error}`)
      const [root, ...more] = taken.roots
      if (root === undefined || more.length > 0)
        return void fail(
          res,
          400,
          'InvalidRequest',
          `a CAR needs exactly one root; it has ${taken.roots.length}`,
        )
      const missing = blocks.missing(root)
      if (missing !== undefined)
        return void fail(res, 400, 'InvalidRequest', `the CAR lacks block ${missing}`)
      cid = root.toString()
    } else cid = await referenceFileCid(data, KUBO_V0)
    const object: S3Object = {
      key,
      cid: state.lieAboutCid ?? cid,
      size: data.length,
      etag: md5(data),
      lastModified: stamp(),
      metadata,
      heads: 0,
    }
    objects.set(key, object)
    return object
  }

  const cidHeader = (o: S3Object): Record<string, string> =>
    state.notIpfs || o.heads < state.cidAfterHeads ? {} : { 'x-amz-meta-cid': o.cid }

  async function route(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const raw = req.url ?? '/'
    const url = new URL(raw, 'http://x')
    const q = url.searchParams
    const [, bucket = '', ...rest] = url.pathname.split('/')
    const key = rest.map((s) => decodeURIComponent(s)).join('/')
    if (decodeURIComponent(bucket) !== opts.bucket)
      return fail(res, 404, 'NoSuchBucket', 'The specified bucket does not exist')
    const method = req.method ?? ''
    if (
      state.refuseChecksums &&
      Object.keys(req.headers).some((h) => /^x-amz-(sdk-)?checksum-/.test(h))
    )
      return fail(res, 400, 'InvalidRequest', 'checksum headers are not taken here')

    if (key === '' && method === 'GET') {
      if (q.get('list-type') !== '2') return fail(res, 400, 'InvalidArgument', 'list-type=2 only')
      const asked = Number(q.get('max-keys') ?? 1000)
      if (!(Number.isInteger(asked) && asked >= 0))
        return fail(res, 400, 'InvalidArgument', 'max-keys')
      const limit = Math.min(asked, 1000, state.pageCap)
      const prefix = q.get('prefix') ?? ''
      const after = q.get('continuation-token')
      const from = after === null ? '' : Buffer.from(after, 'base64').toString('utf8')
      const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > from).sort()
      const page = keys.slice(0, limit)
      const truncated = state.repeatToken || keys.length > limit
      const last = page[page.length - 1] ?? from
      const token = state.repeatToken ? 'cmVwZWF0' : Buffer.from(last).toString('base64')
      return xml(
        res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${esc(opts.bucket)}</Name><Prefix>${esc(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${asked}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${
          truncated ? `<NextContinuationToken>${token}</NextContinuationToken>` : ''
        }${page
          .map((k) => {
            const o = objects.get(k)
            return `<Contents><Key>${esc(k)}</Key><LastModified>${o?.lastModified ?? ''}</LastModified><ETag>${esc(o?.etag ?? '')}</ETag><Size>${o?.size ?? 0}</Size><StorageClass>STANDARD</StorageClass></Contents>`
          })
          .join('')}</ListBucketResult>`,
      )
    }
    if (key === '') return fail(res, 405, 'MethodNotAllowed', `${method} on a bucket`)

    if (method === 'POST' && q.has('uploads')) {
      const id = `upload-${++uploadSeq}`
      uploads.set(id, { key, metadata: metaOf(req), parts: new Map() })
      return xml(
        res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?>\n<InitiateMultipartUploadResult><Bucket>${esc(opts.bucket)}</Bucket><Key>${esc(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
      )
    }
    const uploadId = q.get('uploadId')
    if (uploadId !== null) {
      const upload = uploads.get(uploadId)
      if (upload === undefined || upload.key !== key)
        return fail(res, 404, 'NoSuchUpload', 'The specified upload does not exist.')
      if (method === 'PUT') {
        const n = Number(q.get('partNumber'))
        if (!(Number.isInteger(n) && n >= 1 && n <= 10_000))
          return fail(
            res,
            400,
            'InvalidArgument',
            'Part number must be an integer between 1 and 10000',
          )
        const etag = md5(body)
        upload.parts.set(n, { etag, data: body })
        res.writeHead(200, { etag })
        return void res.end()
      }
      if (method === 'DELETE') {
        uploads.delete(uploadId)
        res.writeHead(204)
        return void res.end()
      }
      if (method === 'POST') {
        const listed = [
          ...body
            .toString()
            .matchAll(
              /<Part>\s*<ETag>([^<]*)<\/ETag>\s*<PartNumber>(\d+)<\/PartNumber>\s*<\/Part>/g,
            ),
        ].map(([, etag = '', n = '']) => ({ etag: etag.replace(/&quot;/g, '"'), n: Number(n) }))
        if (listed.length === 0) return fail(res, 400, 'MalformedXML', 'no parts listed')
        for (let i = 0; i < listed.length; i++) {
          const p = listed[i]
          const prev = listed[i - 1]
          if (p === undefined) continue
          if (prev !== undefined && p.n <= prev.n)
            return fail(
              res,
              400,
              'InvalidPartOrder',
              'The list of parts was not in ascending order.',
            )
          const held = upload.parts.get(p.n)
          if (held === undefined || held.etag !== p.etag)
            return fail(res, 400, 'InvalidPart', `part ${p.n} was not uploaded or its ETag differs`)
          if (i < listed.length - 1 && held.data.length < state.minPartSize)
            return fail(
              res,
              400,
              'EntityTooSmall',
              'Your proposed upload is smaller than the minimum allowed object size.',
            )
        }
        const data = Buffer.concat(
          listed.map((p) => upload.parts.get(p.n)?.data ?? Buffer.alloc(0)),
        )
        const stored = await store(res, key, data, upload.metadata)
        if (stored === undefined) return
        uploads.delete(uploadId)
        return xml(
          res,
          200,
          `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUploadResult><Bucket>${esc(opts.bucket)}</Bucket><Key>${esc(key)}</Key><ETag>"${randomUUID()}-${listed.length}"</ETag></CompleteMultipartUploadResult>`,
        )
      }
    }
    if (method === 'PUT') {
      if (body.length > state.maxSinglePut)
        return fail(
          res,
          400,
          'EntityTooLarge',
          'Your proposed upload exceeds the maximum allowed object size.',
        )
      const stored = await store(res, key, body, metaOf(req))
      if (stored === undefined) return
      res.writeHead(200, {
        etag: stored.etag,
        ...(state.cidAfterHeads === 0 ? cidHeader(stored) : {}),
      })
      return void res.end()
    }
    const o = objects.get(key)
    if (method === 'HEAD') {
      if (o === undefined) {
        res.writeHead(404)
        return void res.end()
      }
      o.heads++
      res.writeHead(200, {
        'content-length': String(o.size),
        etag: o.etag,
        'last-modified': new Date(o.lastModified).toUTCString(),
        ...Object.fromEntries(Object.entries(o.metadata).map(([k, v]) => [`x-amz-meta-${k}`, v])),
        ...cidHeader(o),
      })
      return void res.end()
    }
    if (method === 'DELETE') {
      objects.delete(key)
      res.writeHead(204)
      return void res.end()
    }
    fail(res, 405, 'MethodNotAllowed', `${method} is not served here`)
  }

  const server = await startServer(
    async (req, res, body, n) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (applyFault(state.fault?.(n, url.pathname, req.method ?? ''), req, res)) return
      const verdict = verifySigV4(
        { method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body },
        {
          service: 's3',
          region: opts.region ?? 'us-east-1',
          keys: opts.keys,
          now: () => state.now(),
          maxSkewMs: state.maxSkewMs,
          refuseUnsignedPayload: state.refuseUnsignedPayload,
        },
      )
      if (!verdict.ok) {
        if (req.method === 'HEAD') {
          res.writeHead(verdict.status)
          return void res.end()
        }
        return fail(res, verdict.status, verdict.code, verdict.message)
      }
      await route(req, res, body)
    },
    (req, n) => state.early?.(n, req.method, new URL(req.url ?? '/', 'http://x').pathname),
  )
  Object.assign(state, { url: server.url, server, close: () => server.close() })
  return state
}

/**
 * The few S3 calls an upload provider needs, on the one HTTP client and SigV4 (src/http/aws.ts):
 * PutObject streamed from a file (never held in memory: a signed body is hashed in a first read
 * of its byte range, then streamed in a second), multipart upload whose parts are read into a
 * buffer each worker reuses (`readPart`), HeadObject, ListObjectsV2 paged and bounded,
 * DeleteObject. Path-style addressing (`<endpoint>/<bucket>/<key>`), which every S3-compatible
 * store takes. docs/providers/filebase-s3.md has the contract it relies on.
 */
import { createReadStream } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import {
  awsError,
  awsErrorHint,
  awsPath,
  awsQuery,
  createAwsSigner,
  parseAwsXml,
  sha256Hex,
  sha256OfFile,
  UNSIGNED_PAYLOAD,
  type AwsCredentials,
} from '../http/aws.js'
import { createHttpClient, type HttpClient, type HttpResponse } from '../http/client.js'
import type { Operation } from '../http/policy.js'
import { ProviderError } from '../errors.js'
import { MAX_PAGES } from './list.js'
import type { CallOptions, ProviderDeps } from './types.js'

export interface S3Options {
  readonly provider: string
  readonly endpoint: string
  readonly region: string
  readonly bucket: string
  readonly credentials: AwsCredentials
  /** The inputs a 401/403 names. */
  readonly credentialInputs?: readonly string[]
  /**
   * Whether file bodies carry their SHA-256 in the signature (a first read of each range) or
   * `UNSIGNED-PAYLOAD`. Default, as the AWS SDKs and CLI decide: signed over plain HTTP,
   * unsigned over HTTPS, where TLS protects the body (docs/aws-signing.md).
   */
  readonly signPayload?: boolean
}

/** A file range as a request body: hashed first, then streamed. */
export interface FileRange {
  readonly path: string
  readonly start: number
  readonly end: number
}

/**
 * Largest slice of a part handed to the socket at once: the watchdog and the progress count see
 * the part go out, and no copy is made (each slice is a view of the part's buffer).
 */
const SLICE = 1 << 20

/**
 * Reads `length` bytes of the file at `position` into `into` (a buffer the caller owns and reuses
 * for the next part once this one is answered) and returns the filled view.
 *
 * Why parts are buffered rather than streamed (docs/providers/filebase-s3.md, "Memory"): a
 * stream allocates a fresh 1 MiB buffer per read, freed only when V8 next collects, which it does
 * after tens of MB of them: with 4 parts in flight, 60–140 MB of dead buffers pushed a 512 MiB
 * upload to a 160–260 MB peak. A reused buffer per worker is `concurrency × part size`, fixed.
 */
export async function readPart(
  file: FileHandle,
  position: number,
  length: number,
  into: Uint8Array,
): Promise<Uint8Array> {
  const part = into.subarray(0, length)
  for (let done = 0; done < length;) {
    const { bytesRead } = await file.read(part, done, length - done, position + done)
    if (bytesRead === 0)
      throw new Error(`the file ended at byte ${position + done}, before ${position + length}`)
    done += bytesRead
  }
  return part
}

function* slices(bytes: Uint8Array): Iterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += SLICE) yield bytes.subarray(at, at + SLICE)
}

export interface ListedObject {
  readonly key: string
  readonly lastModified?: string
  readonly size?: number
}

type Headers = Readonly<Record<string, string | string[] | undefined>>

export interface S3Client {
  readonly http: HttpClient
  put(
    key: string,
    body: FileRange,
    headers: Record<string, string>,
    opts?: CallOptions,
  ): Promise<Headers>
  /** Starts a multipart upload; the metadata headers belong here. */
  startMultipart(key: string, headers: Record<string, string>, opts?: CallOptions): Promise<string>
  /** One part, from the file or from memory (`readPart`; not changed until this settles). */
  putPart(
    key: string,
    uploadId: string,
    part: number,
    body: FileRange | Uint8Array,
    opts?: CallOptions,
  ): Promise<string>
  /** Completes it; `recover` looks the object up when the answer was lost. */
  completeMultipart(
    key: string,
    uploadId: string,
    etags: readonly string[],
    recover: () => Promise<boolean>,
    opts?: CallOptions,
  ): Promise<void>
  abortMultipart(key: string, uploadId: string, opts?: CallOptions): Promise<void>
  /** The object's headers, or undefined when there is none (404). */
  head(key: string, operation: Operation, opts?: CallOptions): Promise<Headers | undefined>
  list(prefix: string, opts?: CallOptions): AsyncIterable<ListedObject>
  delete(key: string, opts?: CallOptions): Promise<void>
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)

export function createS3Client(config: S3Options, deps: ProviderDeps): S3Client {
  const signer = createAwsSigner({
    credentials: config.credentials,
    service: 's3',
    region: config.region,
    clock: deps.clock,
  })
  const http = createHttpClient({
    ...deps,
    provider: config.provider,
    baseUrl: config.endpoint,
    credentials: config.credentialInputs,
    authorize: (req) => signer.authorize(req),
  })
  const object = (key: string): string => awsPath(config.bucket, ...key.split('/'))
  const signPayload = config.signPayload ?? !config.endpoint.startsWith('https:')
  const hashOf = (r: FileRange): Promise<string> =>
    signPayload ? sha256OfFile(r.path, r.start, r.end) : Promise.resolve(UNSIGNED_PAYLOAD)

  /** The store's XML error, with what it means for the user, as the failure. */
  const explained = (err: unknown): unknown => {
    if (!(err instanceof ProviderError) || err.body === undefined) return err
    const code =
      /\b(RequestTimeTooSkewed|SignatureDoesNotMatch|InvalidAccessKeyId|ExpiredToken|InvalidToken)\b/.exec(
        err.body,
      )?.[1]
    const hint = code !== undefined ? awsErrorHint(code) : undefined
    if (hint !== undefined) {
      err.message = `${err.message} (${hint})`
      err.reason = `${err.reason} (${hint})`
    }
    return err
  }
  const call = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p
    } catch (err) {
      throw explained(err)
    }
  }
  const body = (
    range: FileRange,
    hash: string,
  ): {
    headers: Record<string, string>
    body: () => AsyncIterable<Uint8Array>
  } => ({
    headers: {
      'content-length': String(range.end - range.start),
      'x-amz-content-sha256': hash,
    },
    body: () =>
      range.end > range.start
        ? (createReadStream(range.path, {
            start: range.start,
            end: range.end - 1,
            highWaterMark: 1 << 20,
          }) as AsyncIterable<Uint8Array>)
        : (async function* () {})(),
  })
  /** Bytes in memory, hashed there and sent in views of at most SLICE (again on a retry). */
  const held = (bytes: Uint8Array) => ({
    headers: {
      'content-length': String(bytes.length),
      'x-amz-content-sha256': signPayload ? sha256Hex(bytes) : UNSIGNED_PAYLOAD,
    },
    body: () => slices(bytes),
  })
  /** A 2xx whose XML body is an error (S3 may answer Complete that way) is transient. */
  const xmlOf = (operation: Operation, res: HttpResponse, arrays: string[] = []) => {
    let doc: Record<string, unknown>
    try {
      doc = parseAwsXml(res.text, { arrays })
    } catch (err) {
      throw http.malformed(
        operation,
        `the answer is not the XML expected: ${(err as Error).message}: ${http.said(res.text)}`,
        res,
      )
    }
    const error = awsError(res.text)
    if (error !== undefined)
      throw http.malformed(
        operation,
        `the service answered ${res.status} with the error ${error.code}: ${http.said(error.message)}`,
        res,
      )
    return doc
  }

  return {
    http,

    async put(key, range, headers, opts) {
      const b = body(range, await hashOf(range))
      return call(
        http.request(
          {
            operation: 'upload-car',
            method: 'PUT',
            path: object(key),
            headers: { ...headers, ...b.headers },
            body: b.body,
            signal: opts?.signal,
            progress: opts?.progress,
          },
          (res) => {
            // S3 answers a PUT with an empty body: anything else is a proxy's page or an error.
            if (res.text.trim() !== '') xmlOf('upload-car', res)
            return res.headers
          },
        ),
      )
    },

    async startMultipart(key, headers, opts) {
      return call(
        http.request(
          {
            operation: 'upload-car',
            method: 'POST',
            path: `${object(key)}?uploads=`,
            headers,
            body: () => '',
            signal: opts?.signal,
          },
          (res) => {
            const doc = xmlOf('upload-car', res)
            const id = (doc.InitiateMultipartUploadResult as { UploadId?: unknown } | undefined)
              ?.UploadId
            if (typeof id !== 'string' || id === '')
              throw http.malformed(
                'upload-car',
                `the answer names no UploadId: ${http.said(res.text)}`,
                res,
              )
            return id
          },
        ),
      )
    },

    async putPart(key, uploadId, part, range, opts) {
      const b = range instanceof Uint8Array ? held(range) : body(range, await hashOf(range))
      return call(
        http.request(
          {
            operation: 'upload-part',
            method: 'PUT',
            path: `${object(key)}?${awsQuery({ partNumber: part, uploadId })}`,
            headers: { 'content-type': 'application/octet-stream', ...b.headers },
            body: b.body,
            signal: opts?.signal,
            progress: opts?.progress,
          },
          (res) => {
            const etag = one(res.headers.etag)
            if (etag === undefined || etag === '')
              throw http.malformed('upload-part', `part ${part} was answered without an ETag`, res)
            return etag
          },
        ),
      )
    },

    async completeMultipart(key, uploadId, etags, recover, opts) {
      // Written as the AWS SDK writes it (test/providers/filebase-s3.test.ts compares).
      const esc = (t: string): string =>
        t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
      const xml = `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${etags
        .map((e, i) => `<Part><ETag>${esc(e)}</ETag><PartNumber>${i + 1}</PartNumber></Part>`)
        .join('')}</CompleteMultipartUpload>`
      await call(
        http.request(
          {
            operation: 'upload-finish',
            method: 'POST',
            path: `${object(key)}?${awsQuery({ uploadId })}`,
            headers: {
              'content-type': 'application/xml',
              'content-length': String(Buffer.byteLength(xml)),
            },
            body: () => xml,
            // The store may have completed it before the answer was lost: then the object is there.
            recover: async () => ((await recover()) ? true : undefined),
            signal: opts?.signal,
          },
          (res) => {
            xmlOf('upload-finish', res)
            return true
          },
        ),
      )
    },

    async abortMultipart(key, uploadId, opts) {
      await call(
        http.send({
          operation: 'unpin',
          method: 'DELETE',
          path: `${object(key)}?${awsQuery({ uploadId })}`,
          accept: [404],
          signal: opts?.signal,
        }),
      )
    },

    async head(key, operation, opts) {
      const res = await call(
        http.send({
          operation,
          method: 'HEAD',
          path: object(key),
          accept: [404],
          signal: opts?.signal,
        }),
      )
      return res.status === 404 ? undefined : res.headers
    },

    async *list(prefix, opts) {
      const seen = new Set<string>()
      let token: string | undefined
      for (let page = 0; page < MAX_PAGES; page++) {
        const query = awsQuery({
          'list-type': 2,
          prefix,
          'max-keys': 1000,
          'continuation-token': token,
        })
        const doc = await call(
          http.request(
            {
              operation: 'list',
              method: 'GET',
              path: `${awsPath(config.bucket)}/?${query}`,
              signal: opts?.signal,
            },
            (res) => xmlOf('list', res, ['Contents']),
          ),
        )
        const result = doc.ListBucketResult as
          | { Contents?: unknown[]; IsTruncated?: unknown; NextContinuationToken?: unknown }
          | undefined
        if (result === undefined) throw http.fail('list', 'the answer is not a ListBucketResult')
        for (const c of result.Contents ?? []) {
          const o = c as { Key?: unknown; LastModified?: unknown; Size?: unknown }
          if (typeof o.Key !== 'string' || !o.Key.startsWith(prefix)) continue
          yield {
            key: o.Key,
            ...(typeof o.LastModified === 'string' ? { lastModified: o.LastModified } : {}),
            ...(typeof o.Size === 'string' ? { size: Number(o.Size) } : {}),
          }
        }
        if (result.IsTruncated !== 'true') return
        const next = result.NextContinuationToken
        if (typeof next !== 'string' || next === '')
          throw http.fail('list', 'the listing says it continues but gives no continuation token')
        // A token seen before would list the same pages again, for ever.
        if (seen.has(next)) throw http.fail('list', 'the listing repeated a page; stopped')
        seen.add(next)
        token = next
      }
      throw http.fail('list', `more than ${MAX_PAGES} pages of objects; stopped`)
    },

    async delete(key, opts) {
      await call(
        http.send({
          operation: 'unpin',
          method: 'DELETE',
          path: object(key),
          signal: opts?.signal,
        }),
      )
    },
  }
}

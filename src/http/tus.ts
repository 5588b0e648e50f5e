/**
 * The TUS resumable upload protocol (tus.io, 1.0.0), on the one HTTP client: `POST` creates the
 * upload (`Upload-Length`, `Upload-Metadata`: each value base64), the answer's `Location` names
 * it, then `PATCH` sends the file from `Upload-Offset` in chunks, each streamed from its byte
 * range and retried by the client's policy. A `409` (the server holds another offset: part of an
 * attempt arrived) is answered by `HEAD`, which says where to go on from. Bounded in rounds.
 */
import { createReadStream } from 'node:fs'
import type { HttpClient, HttpResponse } from './client.js'

export interface TusUpload {
  /** Creates uploads (the service's upload endpoint). */
  readonly client: HttpClient
  /** The client's base URL: a relative Location is resolved against it. */
  readonly base: string
  readonly path: string
  /** A client for the upload URL the service names (it may be on another host). */
  readonly clientFor: (origin: string) => HttpClient
  readonly file: { readonly path: string; readonly size: number }
  readonly metadata: ReadonlyArray<readonly [string, string]>
  readonly chunkSize: number
  readonly headers?: Readonly<Record<string, string>>
  readonly signal?: AbortSignal
  /** Bytes sent so far, across chunks (an attempt that is retried counts again from its start). */
  readonly progress?: { sent: number }
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)

/** Uploads the file; returns the headers of the last PATCH answer. */
export async function tusUpload(u: TusUpload): Promise<HttpResponse['headers']> {
  const tus = { 'tus-resumable': '1.0.0', ...u.headers }
  const created = await u.client.send({
    operation: 'upload-car',
    method: 'POST',
    path: u.path,
    headers: {
      ...tus,
      'upload-length': String(u.file.size),
      'upload-metadata': u.metadata
        .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
        .join(','),
      'content-length': '0',
    },
    body: () => '',
    signal: u.signal,
  })
  const location = one(created.headers.location)
  if (location === undefined || location === '')
    throw u.client.fail('upload-car', 'the resumable upload was created without a Location')
  const at = new URL(location, new URL(u.path, 'http://relative.invalid'))
  if (at.hostname === 'relative.invalid')
    throw u.client.fail(
      'upload-car',
      `the resumable upload's Location is not absolute: ${location}`,
    )
  const target = u.clientFor(at.origin)
  const path = `${at.pathname}${at.search}`
  const size = u.file.size
  let offset = 0
  let last: HttpResponse['headers'] = {}
  for (let round = 0; offset < size || round === 0; round++) {
    if (round > Math.ceil(size / u.chunkSize) * 3 + 10)
      throw target.fail('upload-part', 'the resumable upload makes no progress; stopped')
    const start = offset
    const end = Math.min(size, start + u.chunkSize)
    const total = u.progress
    const res = await target.send({
      operation: 'upload-part',
      method: 'PATCH',
      path,
      headers: {
        ...tus,
        'upload-offset': String(start),
        'content-type': 'application/offset+octet-stream',
        'content-length': String(end - start),
      },
      body: () =>
        end > start
          ? (createReadStream(u.file.path, {
              start,
              end: end - 1,
              highWaterMark: 1 << 20,
            }) as AsyncIterable<Uint8Array>)
          : (async function* () {})(),
      accept: [409],
      signal: u.signal,
      progress: {
        get sent() {
          return total === undefined ? 0 : total.sent - start
        },
        set sent(v: number) {
          if (total !== undefined) total.sent = start + v
        },
      },
    })
    if (res.status === 409) {
      const head = await target.send({
        operation: 'upload-part',
        method: 'HEAD',
        path,
        headers: tus,
        signal: u.signal,
      })
      const told = Number(one(head.headers['upload-offset']))
      if (!Number.isInteger(told) || told < 0 || told > size)
        throw target.fail('upload-part', 'the server did not say how much of the upload it holds')
      offset = told
      continue
    }
    last = res.headers
    const told = Number(one(res.headers['upload-offset']))
    offset = Number.isInteger(told) && told > start ? told : end
    if (size === 0) break
  }
  return last
}

/**
 * Filebase through its S3 API with CAR import (docs/providers/filebase-s3.md): the CAR built
 * here is stored as it is, so the CID is ours whatever the profile.
 *
 * - upload: `PUT /<bucket>/<key>` with `x-amz-meta-import: car`, or a multipart upload (the
 *   header on its creation) above `multipartAbove` bytes, parts read from the CAR file into a
 *   buffer each of a few workers reuses (memory fixed at `concurrency × part size`). Filebase
 *   unpacks the CAR and pins its root; the root comes back as
 *   `x-amz-meta-cid` on the PUT answer, or on a HEAD after a multipart upload (read until it is
 *   there, bounded). Without the header the CAR would be stored as a plain file with another CID.
 * - labels live in the object key: `ipfs-pin-action/<scope>/<repository>/<environment>/
 *   <time>-<cid>.car`, so one scope lists by prefix, in time order, and the CID is read from the
 *   key without a HEAD per object. A CID this scope already stored is not stored again.
 * - status: HEAD; unpin: DELETE of the object (one object per deployment: cleanup deletes the
 *   scope's own objects; an object of a CID another scope's object also holds stays, since
 *   Filebase does not document that the CID stays pinned after one of two objects is deleted).
 */
import { sameCid } from '../cid.js'
import type { InputName } from '../inputs/action-spec.generated.js'
import { parseHttpUrl } from '../inputs/parse.js'
import { InputError, quote } from '../errors.js'
import { awsSecrets, resolveAwsCredentials, type AwsCredentials } from '../http/aws.js'
import { systemClock } from '../http/deadline.js'
import { TAG } from '../tags.js'
import { matchesFilter } from './list.js'
import { need } from '../inputs/read.js'
import { open } from 'node:fs/promises'
import { createS3Client, readPart, type S3Client } from './s3-client.js'
import {
  defineProvider,
  type CallOptions,
  type CarFile,
  type ListedPin,
  type PinTags,
  type Provider,
  type ProviderDeps,
  type ProviderOptions,
} from './types.js'

export interface FilebaseS3Options extends ProviderOptions {
  readonly id: 'filebase-s3'
  readonly endpoint: string
  readonly region: string
  readonly bucket: string
  readonly keys: AwsCredentials
  /** CARs larger than this go up as a multipart upload. */
  readonly multipartAbove?: number
  /** Bytes per part (at least 5 MiB but the last). */
  readonly partSize?: number
  /** Parts in flight at once. */
  readonly concurrency?: number
  /** Sign the body's SHA-256 (default: over plain HTTP only; see S3Options.signPayload). */
  readonly signPayload?: boolean
}

const WHY = 'provider "filebase-s3"'
const NAMES = {
  accessKeyId: 'filebase-access-key-id',
  secretAccessKey: 'filebase-secret-access-key',
} as const satisfies Record<string, InputName>

export const filebaseS3 = defineProvider({
  family: 'provider',
  id: 'filebase-s3',
  title: 'Filebase S3 API with CAR import (the CAR itself: the CID is the one built here)',
  docs: 'docs/providers/filebase-s3.md',
  inputs: [
    { name: 'filebase-bucket' },
    { name: NAMES.accessKeyId, secret: true },
    { name: NAMES.secretAccessKey, secret: true },
    { name: 'filebase-s3-url' },
    { name: 'filebase-region' },
  ],
  credentials: [NAMES.accessKeyId, NAMES.secretAccessKey],
  traits: { kind: 'upload', keepsLabels: true },
  read(ctx): FilebaseS3Options {
    const bucket = need(ctx, 'filebase-bucket', WHY)
    if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket))
      throw new InputError(
        'filebase-bucket',
        `Input "filebase-bucket" is ${quote(bucket)}; a bucket name has 3 to 63 lower-case letters, digits and dashes, and starts and ends with a letter or digit.`,
      )
    // Filebase keys, never AWS credentials from the environment (they would be the wrong keys).
    const { credentials } = resolveAwsCredentials(
      { accessKeyId: ctx.raw(NAMES.accessKeyId), secretAccessKey: ctx.raw(NAMES.secretAccessKey) },
      { names: NAMES, fromEnvironment: false, why: WHY },
    )
    for (const s of awsSecrets(credentials)) ctx.secret(s)
    return {
      id: 'filebase-s3',
      endpoint: parseHttpUrl('filebase-s3-url', need(ctx, 'filebase-s3-url', WHY)),
      region: need(ctx, 'filebase-region', WHY),
      bucket,
      keys: credentials,
    }
  },
  create: (options, deps) => createFilebaseS3Provider(options, deps),
})

/** Every key this provider writes starts here; nothing outside it is ever deleted. */
export const KEY_ROOT = 'ipfs-pin-action/'
const MIB = 1 << 20
/** The largest part read into memory (one buffer per worker) rather than streamed. */
const BUFFERED_PART = 16 * MIB

/** A key segment: letters, digits, `.`, `_`, `-` as they are, every other byte as `~XX`. */
function segment(s: string): string {
  let out = ''
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte)
    out += /[A-Za-z0-9._-]/.test(c) ? c : `~${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out === '' ? '-' : out
}

function unsegment(s: string): string {
  const bytes: number[] = []
  for (let i = 0; i < s.length; i++) {
    const hex = s[i] === '~' ? /^[0-9A-F]{2}/.exec(s.slice(i + 1))?.[0] : undefined
    if (hex !== undefined) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else bytes.push(s.charCodeAt(i))
  }
  return Buffer.from(bytes).toString('utf8')
}

/** Where a scope's objects are listed from. */
export const scopePrefix = (scope: string): string => `${KEY_ROOT}${segment(scope)}/`

/** `2026-11-01T00:00:00.000Z` → `20261101T000000.000Z` (sorts as the time does). */
const compactTime = (iso: string): string => iso.replace(/[-:]/g, '')

/** The key of a deployment: scope, repository, environment, time and CID. */
export function keyFor(tags: PinTags, cid: string, now: number): string {
  const m = tags.metadata
  const time = Number.isNaN(Date.parse(m[TAG.time] ?? '')) ? now : Date.parse(m[TAG.time] ?? '')
  const repo = (m[TAG.repo] ?? '').split('/').filter((s) => s !== '')
  return [
    `${scopePrefix(m[TAG.scope] ?? '')}${(repo.length > 0 ? repo : ['']).map(segment).join('/')}`,
    segment(m[TAG.env] ?? ''),
    `${compactTime(new Date(time).toISOString())}-${cid}.car`,
  ].join('/')
}

/** The labels a key holds, or undefined for a key this provider did not write. */
export function parseKey(
  key: string,
): { cid: string; metadata: Record<string, string> } | undefined {
  if (!key.startsWith(KEY_ROOT)) return undefined
  const parts = key.slice(KEY_ROOT.length).split('/')
  if (parts.length < 4) return undefined
  const file = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\.\d{3})?Z-([A-Za-z0-9]+)\.car$/.exec(
    parts[parts.length - 1] ?? '',
  )
  if (file === null) return undefined
  const [, y, mo, d, h, mi, s, ms = '.000', cid = ''] = file
  const metadata: Record<string, string> = {
    [TAG.scope]: unsegment(parts[0] ?? ''),
    [TAG.time]: `${y}-${mo}-${d}T${h}:${mi}:${s}${ms}Z`,
  }
  const repo = parts.slice(1, -2).map(unsegment).join('/')
  const env = unsegment(parts[parts.length - 2] ?? '')
  if (repo !== '-') metadata[TAG.repo] = repo
  if (env !== '-') metadata[TAG.env] = env
  return { cid, metadata }
}

/** The labels as object metadata too (for people browsing the bucket), within S3's 2 KB. */
function labelHeaders(tags: PinTags): Record<string, string> {
  const out: Record<string, string> = {}
  let size = 0
  const entries: Array<[string, string]> = [['name', tags.name], ...Object.entries(tags.metadata)]
  for (const [k, v] of entries) {
    const name = `x-amz-meta-${k.toLowerCase().replace(/[^a-z0-9.-]/g, '-')}`
    const value = /^[\x20-\x7e]*$/.test(v) ? v.trim() : encodeURIComponent(v)
    size += name.length - 11 + value.length
    if (size > 2000 || name === 'x-amz-meta-import' || name === 'x-amz-meta-cid') continue
    out[name] = value
  }
  return out
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)

/** HEAD reads while waiting for the CID of an object (1 s, then ×1.5, at most 15 s apart). */
const CID_READS = 20

export function createFilebaseS3Provider(config: FilebaseS3Options, deps: ProviderDeps): Provider {
  const s3: S3Client = createS3Client(
    {
      provider: 'filebase-s3',
      endpoint: config.endpoint,
      region: config.region,
      bucket: config.bucket,
      credentials: config.keys,
      credentialInputs: config.credentials ?? [NAMES.accessKeyId, NAMES.secretAccessKey],
      ...(config.signPayload !== undefined ? { signPayload: config.signPayload } : {}),
    },
    deps,
  )
  const { http } = s3
  const multipartAbove = config.multipartAbove ?? 100 * MIB // Filebase suggests multipart above 100 MB
  const concurrency = config.concurrency ?? 4
  const clock = deps.clock ?? systemClock

  /** The CID Filebase reports for `key`, read by HEAD until it is there (bounded). */
  async function cidOf(key: string, opts?: CallOptions): Promise<string> {
    let pause = 1000
    for (let read = 1; ; read++) {
      const headers = await s3.head(key, 'status', opts)
      if (headers === undefined)
        throw http.fail('status', `the object ${key} is not there after the upload`)
      const cid = one(headers['x-amz-meta-cid'])
      if (cid !== undefined && cid !== '') return cid
      if (read >= CID_READS)
        throw http.fail(
          'status',
          `Filebase stored ${key} but reported no CID after ${CID_READS} reads: is "${config.bucket}" an IPFS bucket?`,
        )
      await clock.sleep(pause, opts?.signal)
      pause = Math.min(15_000, pause * 1.5)
    }
  }

  /** Our keys holding `cid`, anywhere under the key root. */
  async function keysOf(cid: string, opts?: CallOptions): Promise<string[]> {
    const out: string[] = []
    for await (const o of s3.list(KEY_ROOT, opts)) {
      const k = parseKey(o.key)
      if (k !== undefined && sameCid(k.cid, cid)) out.push(o.key)
    }
    return out
  }

  /** This scope's object already holding `cid`, checked by HEAD: the same deploy again. */
  async function already(
    cid: string,
    tags: PinTags,
    opts?: CallOptions,
  ): Promise<string | undefined> {
    const scope = tags.metadata[TAG.scope]
    if (scope === undefined) return undefined
    for await (const o of s3.list(scopePrefix(scope), opts)) {
      const k = parseKey(o.key)
      if (k === undefined || !sameCid(k.cid, cid)) continue
      const reported = one((await s3.head(o.key, 'read-labels', opts))?.['x-amz-meta-cid'])
      if (reported !== undefined && sameCid(reported, cid)) return o.key
    }
    return undefined
  }

  async function multipart(
    key: string,
    car: CarFile,
    headers: Record<string, string>,
    opts?: CallOptions,
  ): Promise<void> {
    // 8 MiB, the AWS CLI's part size: 4 in flight hold 32 MiB (docs/providers/filebase-s3.md).
    const partSize = Math.max(config.partSize ?? 8 * MIB, 5 * MIB, Math.ceil(car.size / 10_000))
    const count = Math.ceil(car.size / partSize)
    // Parts up to 16 MiB (CARs up to 156 GiB) are read into one buffer per worker, reused; larger
    // ones stream from the file, so memory stays bounded whatever the CAR.
    const file = partSize <= BUFFERED_PART ? await open(car.path, 'r') : undefined
    const uploadId = await s3.startMultipart(key, headers, opts).catch(async (err: unknown) => {
      await file?.close()
      throw err
    })
    const stop = new AbortController()
    const signal = opts?.signal ? AbortSignal.any([stop.signal, opts.signal]) : stop.signal
    const etags: string[] = []
    const total = opts?.progress
    let first: unknown
    let next = 0
    const worker = async (): Promise<void> => {
      let buffer: Buffer | undefined
      while (next < count && first === undefined) {
        const i = next++
        let mine = 0
        // Each part counts its bytes (reset on a retry) into the upload's one counter.
        const progress = {
          get sent() {
            return mine
          },
          set sent(v: number) {
            if (total !== undefined) total.sent += v - mine
            mine = v
          },
        }
        const start = i * partSize
        const range = { path: car.path, start, end: Math.min(car.size, start + partSize) }
        try {
          // The buffer is read again only once its part is answered (putPart settled).
          const body =
            file === undefined
              ? range
              : await readPart(
                  file,
                  start,
                  range.end - start,
                  (buffer ??= Buffer.allocUnsafeSlow(partSize)),
                ).catch((err: unknown) => {
                  throw new Error(`reading the CAR ${quote(car.path)}: ${(err as Error).message}`)
                })
          etags[i] = await s3.putPart(key, uploadId, i + 1, body, { signal, progress })
        } catch (err) {
          first ??= err
          stop.abort(new Error('another part failed'))
        }
      }
    }
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
      if (first !== undefined) throw first as Error
      const exists = async (): Promise<boolean> =>
        (await s3.head(key, 'status', opts)) !== undefined
      await s3.completeMultipart(key, uploadId, etags, exists, opts)
    } catch (err) {
      // Parts of an unfinished upload are stored (and billed) until it is aborted.
      await s3
        .abortMultipart(key, uploadId)
        .catch((e: unknown) =>
          deps.log?.(`filebase-s3: aborting upload ${uploadId} failed: ${deps.redact(String(e))}`),
        )
      throw err
    } finally {
      await file?.close()
    }
  }

  return {
    id: 'filebase-s3',

    async uploadCar(car, tags, opts) {
      const cid = car.root.toString()
      // A scope this run cannot list could not be cleaned up either: that failure is the answer.
      const found = await already(cid, tags, opts)
      if (found !== undefined) {
        deps.log?.(`filebase-s3: ${found} already holds ${cid}; not stored again`)
        return { cid, id: found, state: 'pinned' }
      }
      const key = keyFor(tags, cid, clock.now())
      const headers = {
        'content-type': 'application/vnd.ipld.car',
        'x-amz-meta-import': 'car',
        ...labelHeaders(tags),
      }
      let reported: string | undefined
      if (car.size <= multipartAbove) {
        const answer = await s3.put(key, { path: car.path, start: 0, end: car.size }, headers, opts)
        reported = one(answer['x-amz-meta-cid'])
      } else await multipart(key, car, headers, opts)
      if (reported === undefined || reported === '') reported = await cidOf(key, opts)
      return { cid: reported, id: key, state: 'pinned' }
    },

    async status(pin, opts) {
      const key = pin.id ?? (await keysOf(pin.cid, opts))[0]
      if (key === undefined) return { cid: pin.cid, state: 'absent' }
      const headers = await s3.head(key, 'status', opts)
      if (headers === undefined) return { cid: pin.cid, id: key, state: 'absent' }
      const cid = one(headers['x-amz-meta-cid'])
      return cid !== undefined && cid !== ''
        ? { cid, id: key, state: 'pinned' }
        : {
            cid: pin.cid,
            id: key,
            state: 'pinning',
            detail: 'Filebase has not reported the CID yet',
          }
    },

    async unpin(pin, opts) {
      const keys = pin.id !== undefined ? [pin.id] : await keysOf(pin.cid, opts)
      const removed: string[] = []
      for (const key of keys) {
        if (!key.startsWith(KEY_ROOT)) continue
        if ((await s3.head(key, 'unpin', opts)) === undefined) continue
        await s3.delete(key, opts)
        removed.push(key)
      }
      return removed.length > 0 ? { outcome: 'removed', ids: removed } : { outcome: 'absent' }
    },

    async *list(filter, opts): AsyncIterable<ListedPin> {
      const prefix = filter.scope !== undefined ? scopePrefix(filter.scope) : KEY_ROOT
      for await (const o of s3.list(prefix, opts)) {
        const k = parseKey(o.key)
        if (k === undefined || !matchesFilter(filter, undefined, k.metadata, k.cid)) continue
        yield {
          cid: k.cid,
          id: o.key,
          state: 'pinned',
          metadata: k.metadata,
          ...(o.lastModified !== undefined ? { created: o.lastModified } : {}),
        }
      }
    },
  }
}

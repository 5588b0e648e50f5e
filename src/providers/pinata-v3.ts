/**
 * Pinata's v3 Files API with CAR upload (docs/providers/pinata-v3.md), opt-in next to the legacy
 * `pinata` provider: the CAR built here is stored as it is, so the CID is ours whatever the
 * profile. Needs a paid plan, and a key with v3 scopes (legacy-scoped keys are refused).
 *
 * - upload: `POST <uploads>/v3/files` multipart (`file` = the CAR, `network=public`, `name`,
 *   `keyvalues` as a JSON string, `car=true`); above `tusAbove` bytes a resumable TUS upload on
 *   the same URL (create, then PATCH chunks at `Upload-Offset`, a 409 answered by reading the
 *   server's offset with HEAD). The import is asynchronous: the file's CID may read `pending`,
 *   so it is read by id until known (bounded). A duplicate keeps one record: this run's claim is
 *   merged into its keyvalues (src/tags.ts), as the legacy provider does.
 * - status: `GET /v3/files/public/{id}`; unpin: `DELETE /v3/files/public/{id}` (404: gone); list:
 *   `GET /v3/files/public` with `keyvalues[k]=v` and `cid`, cursor pages; relabel: `PUT` merge.
 * - pin (a CID already on the network, or one pinned again after another run's cleanup deleted
 *   its file): `POST /v3/files/public/pin_by_cid`, its job followed (./pinata-v3-jobs.ts).
 */
import { createReadStream } from 'node:fs'
import { sameCid } from '../cid.js'
import { ProviderError } from '../errors.js'
import { createHttpClient, type HttpClient, type QueryValue } from '../http/client.js'
import { systemClock } from '../http/deadline.js'
import { formRequest } from '../http/multipart.js'
import type { Operation } from '../http/policy.js'
import { tusUpload } from '../http/tus.js'
import { mergedMetadata } from '../tags.js'
import { MAX_PAGES, matchesFilter, stringValues } from './list.js'
import { bearer, need, needUrl } from '../inputs/read.js'
import { isCid, jobIdOf, pinataV3Jobs, v3Page, type V3File } from './pinata-v3-jobs.js'
import {
  defineProvider,
  type CallOptions,
  type CarFile,
  type ListedPin,
  type PinInfo,
  type PinTags,
  type Provider,
  type ProviderDeps,
  type ProviderOptions,
} from './types.js'

const MAX_KEYVALUES = 10
const MIB = 1 << 20

export interface PinataV3Options extends ProviderOptions {
  readonly id: 'pinata-v3'
  readonly apiUrl: string
  readonly uploadsUrl: string
  readonly jwt: string
  /** CARs larger than this go up by TUS (Pinata: direct uploads up to 100 MB; its SDK: 90 MiB). */
  readonly tusAbove?: number
  /** Bytes per TUS PATCH (Pinata: under 50 MB). */
  readonly chunkSize?: number
}

const WHY = 'provider "pinata-v3"'

export const pinataV3 = defineProvider({
  family: 'provider',
  id: 'pinata-v3',
  title: "Pinata's v3 Files API with CAR upload (the CAR itself: the CID is the one built here)",
  docs: 'docs/providers/pinata-v3.md',
  inputs: [
    { name: 'pinata-jwt', secret: true },
    { name: 'pinata-api-url' },
    { name: 'pinata-uploads-url' },
  ],
  credentials: ['pinata-jwt'],
  traits: { kind: 'upload', keepsLabels: true, maxMetadataKeys: MAX_KEYVALUES },
  read(ctx): PinataV3Options {
    const jwt = need(ctx, 'pinata-jwt', `${WHY} (v3 takes a JWT)`)
    bearer(ctx, jwt)
    return {
      id: 'pinata-v3',
      apiUrl: needUrl(ctx, 'pinata-api-url', WHY),
      uploadsUrl: needUrl(ctx, 'pinata-uploads-url', WHY),
      jwt,
    }
  },
  create: (options, deps) => createPinataV3Provider(options, deps),
})

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v)

/** Reads of a file whose CID is pending (1 s, then ×1.5, at most 15 s apart). */
const CID_READS = 20

export function createPinataV3Provider(config: PinataV3Options, deps: ProviderDeps): Provider {
  const headers = { authorization: `Bearer ${config.jwt}` }
  deps.setSecret(headers.authorization)
  const client = (baseUrl: string): HttpClient =>
    createHttpClient({
      ...deps,
      provider: 'pinata-v3',
      baseUrl,
      headers,
      credentials: config.credentials ?? ['pinata-jwt'],
    })
  const api = client(config.apiUrl)
  const uploads = client(config.uploadsUrl)
  const clock = deps.clock ?? systemClock
  const tusAbove = config.tusAbove ?? 90 * MIB
  const chunkSize = config.chunkSize ?? 45 * MIB

  /** A 401/403 also says what Pinata answers a key made for its legacy API (the same words). */
  const explained = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p
    } catch (err) {
      if (err instanceof ProviderError && (err.status === 401 || err.status === 403)) {
        const hint =
          '; a key made for the legacy API is refused by v3 in the same words as a missing one: use an admin key or one with the v3 Files scopes'
        err.message += hint
        err.reason += hint
      }
      throw err
    }
  }
  const fileOf = (
    operation: Operation,
    text: string,
    res: Parameters<HttpClient['malformed']>[2],
  ): V3File => {
    const v = api.parse<{ data?: V3File }>(operation, res)
    if (typeof v.data !== 'object' || v.data === null || typeof v.data.id !== 'string')
      throw api.malformed(operation, `the answer names no file id: ${api.said(text)}`, res)
    return v.data
  }
  const keyvaluesOf = (tags: PinTags, operation: Operation): Record<string, string> => {
    if (Object.keys(tags.metadata).length > MAX_KEYVALUES)
      throw api.fail(
        operation,
        `Pinata keeps at most ${MAX_KEYVALUES} keyvalues per file; this run has ${Object.keys(tags.metadata).length} (input "metadata")`,
      )
    return { ...tags.metadata }
  }

  /** `GET /v3/files/public/{id}`; undefined when there is no such file (404). */
  async function read(
    id: string,
    operation: Operation,
    opts?: CallOptions,
  ): Promise<V3File | undefined> {
    return explained(
      api.request(
        {
          operation,
          method: 'GET',
          path: `/v3/files/public/${encodeURIComponent(id)}`,
          accept: [404],
          signal: opts?.signal,
        },
        (res) => (res.status === 404 ? undefined : fileOf(operation, res.text, res)),
      ),
    )
  }

  /** The file's CID once Pinata knows it: read by id while it says `pending` (bounded). */
  async function cidOf(file: V3File, opts?: CallOptions): Promise<string> {
    let pause = 1000
    let current: V3File = file
    for (let n = 0; ; n++) {
      if (isCid(current.cid)) return current.cid
      if (n >= CID_READS)
        throw api.fail(
          'status',
          `Pinata has not reported the CID of the imported CAR after ${CID_READS} reads (file ${String(file.id)}): the import may still complete; see the Pinata dashboard`,
        )
      await clock.sleep(pause, opts?.signal)
      pause = Math.min(15_000, pause * 1.5)
      const next = await read(String(file.id), 'status', opts)
      if (next === undefined)
        throw api.fail(
          'status',
          `Pinata dropped file ${String(file.id)} while importing the CAR: the import failed (a CAR must have one root and every block)`,
        )
      current = next
    }
  }

  async function direct(car: CarFile, tags: PinTags, opts?: CallOptions): Promise<V3File> {
    const keyvalues = JSON.stringify(keyvaluesOf(tags, 'upload-car'))
    const form = formRequest(() => [
      {
        name: 'file',
        filename: `${car.root.toString()}.car`,
        contentType: 'application/vnd.ipld.car',
        size: car.size,
        content: () => fileRange(car.path, 0, car.size),
      },
      { name: 'network', value: 'public' },
      { name: 'name', value: tags.name },
      { name: 'keyvalues', value: keyvalues },
      { name: 'car', value: 'true' },
    ])
    // Keyed by content: the same CAR again is the same file (is_duplicate).
    return explained(
      uploads.request(
        {
          operation: 'upload-car',
          method: 'POST',
          path: '/v3/files',
          headers: form.headers,
          body: form.body,
          signal: opts?.signal,
          progress: opts?.progress,
        },
        (res) => fileOf('upload-car', res.text, res),
      ),
    )
  }

  /** TUS: create, then PATCH from the server's offset until the whole CAR is there. */
  async function resumable(car: CarFile, tags: PinTags, opts?: CallOptions): Promise<V3File> {
    const keyvalues = JSON.stringify(keyvaluesOf(tags, 'upload-car'))
    const last = await explained(
      tusUpload({
        client: uploads,
        base: config.uploadsUrl,
        path: '/v3/files',
        clientFor: client,
        file: car,
        metadata: [
          ['filename', `${car.root.toString()}.car`],
          ['filetype', 'application/vnd.ipld.car'],
          ['network', 'public'],
          ['name', tags.name],
          ['keyvalues', keyvalues],
          ['car', 'true'],
        ],
        chunkSize,
        signal: opts?.signal,
        progress: opts?.progress,
      }),
    )
    // The last PATCH names the CID (or `pending`); the record is found by CID, or by name.
    const said = one(last['upload-cid'])
    const cid = isCid(said) ? said : car.root.toString()
    for (let n = 0; ; n++) {
      const files = await page({ cid }, undefined, opts)
      const found = files.items.find((f) => typeof f.id === 'string')
      if (found !== undefined) return found
      if (n >= CID_READS)
        throw api.fail(
          'status',
          `Pinata does not list the uploaded CAR (CID ${cid}) after ${CID_READS} reads`,
        )
      await clock.sleep(Math.min(15_000, 1000 * 1.5 ** n), opts?.signal)
    }
  }

  /** One page of `GET /v3/files/public`. */
  function page(
    query: Record<string, QueryValue>,
    token: string | undefined,
    opts?: CallOptions,
  ): Promise<{ items: V3File[]; next?: string }> {
    return explained(
      api.request(
        {
          operation: 'list',
          method: 'GET',
          path: '/v3/files/public',
          query: { limit: 1000, ...query, pageToken: token },
          signal: opts?.signal,
        },
        (res) => v3Page<V3File>(api, 'list', 'files', res),
      ),
    )
  }

  async function relabel(
    id: string,
    keyvalues: Record<string, string>,
    opts?: CallOptions,
  ): Promise<void> {
    await explained(
      api.send({
        operation: 'write-labels',
        method: 'PUT',
        path: `/v3/files/public/${encodeURIComponent(id)}`,
        headers: { 'content-type': 'application/json' },
        body: () => JSON.stringify({ keyvalues }),
        signal: opts?.signal,
      }),
    )
  }

  async function idsOf(cid: string, opts?: CallOptions): Promise<string[]> {
    const out: string[] = []
    for await (const f of files({ cid }, opts)) if (typeof f.id === 'string') out.push(f.id)
    return out
  }

  /** Every file matching `query`, through the cursor; stops on an empty page or a token seen before. */
  async function* files(
    query: Record<string, QueryValue>,
    opts?: CallOptions,
  ): AsyncIterable<V3File> {
    const seen = new Set<string>()
    let token: string | undefined
    for (let n = 0; n < MAX_PAGES; n++) {
      const p = await page(query, token, opts)
      yield* p.items
      if (p.items.length === 0 || p.next === undefined || seen.has(p.next)) return
      seen.add(p.next)
      token = p.next
    }
    throw api.fail('list', `more than ${MAX_PAGES} pages of files; stopped`)
  }

  const jobs = pinataV3Jobs({ api, clock, explained, files, relabel, keyvalues: keyvaluesOf })

  return {
    id: 'pinata-v3',

    async uploadCar(car, tags, opts): Promise<PinInfo> {
      const file =
        car.size > tusAbove ? await resumable(car, tags, opts) : await direct(car, tags, opts)
      const id = String(file.id)
      const cid = await cidOf(file, opts)
      // One record per CID: an earlier run's file keeps its claims, this run's is merged in.
      if (file.is_duplicate === true && sameCid(cid, car.root)) {
        const existing = stringValues((await read(id, 'read-labels', opts))?.keyvalues)
        const merged = mergedMetadata(existing, tags.metadata, { maxKeys: MAX_KEYVALUES })
        if (JSON.stringify(merged) !== JSON.stringify(existing)) await relabel(id, merged, opts)
      }
      return { cid, id, state: 'pinned' }
    },

    pin: (cid, tags, opts) => jobs.pin(cid, tags, opts),

    async status(pin, opts) {
      const job = jobIdOf(pin.id)
      if (job !== undefined) return jobs.status(pin.cid, job, opts)
      const id = pin.id ?? (await idsOf(pin.cid, opts))[0]
      if (id === undefined) return { cid: pin.cid, state: 'absent' }
      const file = await read(id, 'status', opts)
      if (file === undefined) return { cid: pin.cid, id, state: 'absent' }
      return isCid(file.cid)
        ? { cid: file.cid, id, state: 'pinned' }
        : { cid: pin.cid, id, state: 'pinning', detail: 'Pinata is importing the CAR' }
    },

    async unpin(pin, opts) {
      // A job still queued is cancelled; one that became a file is removed by CID below.
      const job = jobIdOf(pin.id)
      const cancelled = job !== undefined && (await jobs.cancel(job, opts))
      const ids = pin.id !== undefined && job === undefined ? [pin.id] : await idsOf(pin.cid, opts)
      const removed: string[] = []
      for (const id of ids) {
        const res = await explained(
          api.send({
            operation: 'unpin',
            method: 'DELETE',
            path: `/v3/files/public/${encodeURIComponent(id)}`,
            accept: [404],
            signal: opts?.signal,
          }),
        )
        if (res.status !== 404) removed.push(id)
      }
      return removed.length > 0 || cancelled
        ? { outcome: 'removed', ids: removed }
        : { outcome: 'absent' }
    },

    async *list(filter, opts): AsyncIterable<ListedPin> {
      const query: Record<string, QueryValue> = {}
      for (const [k, v] of Object.entries(filter.metadata ?? {})) query[`keyvalues[${k}]`] = v
      if (filter.cid !== undefined) query.cid = filter.cid
      if (filter.name !== undefined) query.name = filter.name
      for await (const f of files(query, opts)) {
        // A file still importing has no CID yet: nothing to match or clean up.
        if (typeof f.id !== 'string' || !isCid(f.cid)) continue
        const name = typeof f.name === 'string' ? f.name : undefined
        const metadata = stringValues(f.keyvalues)
        if (!matchesFilter(filter, name, metadata, f.cid)) continue
        yield {
          cid: f.cid,
          id: f.id,
          state: 'pinned',
          ...(name !== undefined ? { name } : {}),
          metadata,
          ...(typeof f.created_at === 'string' ? { created: f.created_at } : {}),
        }
      }
    },

    relabel: (pin, metadata, opts) =>
      pin.id !== undefined ? relabel(pin.id, { ...metadata }, opts) : Promise.resolve(),
  }
}

/** Bytes `start` to `end` (exclusive) of a file, read in 1 MiB pieces. */
const fileRange = (path: string, start: number, end: number): AsyncIterable<Uint8Array> =>
  end > start
    ? (createReadStream(path, {
        start,
        end: end - 1,
        highWaterMark: MIB,
      }) as AsyncIterable<Uint8Array>)
    : (async function* () {})()

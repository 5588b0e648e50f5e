/**
 * Pinata's legacy IPFS API (`https://api.pinata.cloud`; docs/providers/pinata.md), with a JWT
 * (Bearer) or the `pinata_api_key` / `pinata_secret_api_key` header pair.
 *
 * - upload: `POST /pinning/pinFileToIPFS`, one `file` part per file under one root folder,
 *   `pinataMetadata` (name, keyvalues) and `pinataOptions` (`cidVersion` from the CID profile;
 *   `wrapWithDirectory` for a single file) as JSON in string fields. Pinata builds the DAG with
 *   kubo's defaults and pins it before answering.
 * - pin: `POST /pinning/pinByHash` queues a job; status reads `data/pinList` (pinned?) and then
 *   the job queue `pinning/pinJobs` (prechecking → searching → retrieving, or a failure).
 * - unpin: `DELETE /pinning/unpin/{cid}` (200 `OK` as text); `CURRENT_USER_HAS_NOT_PINNED_CID`
 *   means already gone. list: `data/pinList?status=pinned`, paged by offset, metadata filters.
 */
import type { CID } from 'multiformats/cid'
import { sameCid } from '../cid.js'
import { createHttpClient, type QueryValue } from '../http/client.js'
import type { Operation } from '../http/policy.js'
import { formRequest } from '../http/multipart.js'
import { fileParts } from './files.js'
import { TAG, mergedMetadata } from '../tags.js'
import { MAX_PAGES, matchesFilter, stringValues } from './list.js'
import { InputError } from '../errors.js'
import { need, needUrl } from '../inputs/read.js'
import {
  defineProvider,
  type ListedPin,
  type PinInfo,
  type PinState,
  type PinTags,
  type Provider,
  type ProviderDeps,
  type ProviderOptions,
} from './types.js'

/** Pinata keeps at most 10 keyvalues per pin. */
const MAX_KEYVALUES = 10

export interface PinataOptions extends ProviderOptions {
  readonly id: 'pinata'
  readonly apiUrl: string
  readonly auth: { readonly jwt: string } | { readonly apiKey: string; readonly apiSecret: string }
}

export const pinata = defineProvider({
  family: 'provider',
  id: 'pinata',
  title: 'Pinata (legacy IPFS API: files uploaded, DAG built by Pinata)',
  docs: 'docs/providers/pinata.md',
  inputs: [
    { name: 'pinata-jwt', secret: true },
    { name: 'pinata-api-key', secret: true },
    { name: 'pinata-api-secret', secret: true },
    { name: 'pinata-api-url' },
  ],
  credentials: ['pinata-jwt', 'pinata-api-key', 'pinata-api-secret'],
  // Pinata imports with kubo's defaults and `cidVersion` 0 or 1 (docs/providers/pinata.md).
  traits: {
    kind: 'upload',
    keepsLabels: true,
    serverImport: ['kubo-cid-v1', 'unixfs-v0-2015'],
    maxMetadataKeys: MAX_KEYVALUES,
  },
  read(ctx): PinataOptions {
    const apiUrl = needUrl(ctx, 'pinata-api-url', 'provider "pinata"')
    if (ctx.raw('pinata-jwt') !== '')
      return { id: 'pinata', apiUrl, auth: { jwt: ctx.raw('pinata-jwt') } }
    if (ctx.raw('pinata-api-key') === '' && ctx.raw('pinata-api-secret') === '')
      throw new InputError(
        'pinata-jwt',
        `Provider "pinata" needs credentials: set "pinata-jwt", or "pinata-api-key" and "pinata-api-secret".`,
      )
    const why = 'provider "pinata"'
    return {
      id: 'pinata',
      apiUrl,
      auth: {
        apiKey: need(ctx, 'pinata-api-key', why),
        apiSecret: need(ctx, 'pinata-api-secret', why),
      },
    }
  },
  create: (options, deps) => createPinataProvider(options, deps),
})
const PAGE = 1000

/** Pin-job statuses (pinJobs): where the job is, or why it ended without a pin. */
const JOB_STATES: Readonly<Record<string, PinState>> = {
  prechecking: 'queued',
  searching: 'queued',
  backfilled: 'queued',
  retrieving: 'pinning',
  expired: 'failed',
  over_free_limit: 'failed',
  over_max_size: 'failed',
  invalid_object: 'failed',
  bad_host_node: 'failed',
}

interface PinRow {
  id?: string
  ipfs_pin_hash?: string
  date_pinned?: string
  date_unpinned?: string | null
  metadata?: { name?: string | null; keyvalues?: unknown }
}

/** Pinata's "you have not pinned this" answer to an unpin, in its current and 2021 forms. */
const notPinned = (body: string): boolean =>
  /CURRENT_USER_HAS_NOT_PINNED_CID|has not pinned/i.test(body)

export function createPinataProvider(config: PinataOptions, deps: ProviderDeps): Provider {
  let headers: Record<string, string>
  if ('jwt' in config.auth) {
    headers = { authorization: `Bearer ${config.auth.jwt}` }
    deps.setSecret(headers.authorization ?? '')
  } else {
    headers = {
      pinata_api_key: config.auth.apiKey,
      pinata_secret_api_key: config.auth.apiSecret,
    }
  }
  const http = createHttpClient({
    ...deps,
    credentials: config.credentials,
    provider: 'pinata',
    baseUrl: config.apiUrl,
    headers,
  })
  const { fail, said } = http

  const pinataMetadata = (
    operation: Operation,
    tags: PinTags,
  ): { name: string; keyvalues: Record<string, string> } => {
    if (Object.keys(tags.metadata).length > MAX_KEYVALUES)
      throw fail(
        operation,
        `Pinata keeps at most ${MAX_KEYVALUES} metadata pairs per pin; this run has ${Object.keys(tags.metadata).length} (input "metadata")`,
      )
    return { name: tags.name, keyvalues: { ...tags.metadata } }
  }

  function pinList(
    operation: Operation,
    query: Record<string, QueryValue>,
    signal?: AbortSignal,
  ): Promise<PinRow[]> {
    return http.request(
      {
        operation,
        method: 'GET',
        path: '/data/pinList',
        query: { status: 'pinned', ...query },
        signal,
      },
      (res) => {
        const value = http.parse<{ rows?: unknown }>(operation, res)
        if (!Array.isArray(value.rows))
          throw http.malformed(operation, `the answer has no "rows": ${said(res.text)}`, res)
        return value.rows as PinRow[]
      },
    )
  }

  async function hashMetadata(cid: string, tags: PinTags, signal?: AbortSignal): Promise<void> {
    await http.send({
      operation: 'write-labels',
      method: 'PUT',
      path: '/pinning/hashMetadata',
      headers: { 'content-type': 'application/json' },
      body: () => JSON.stringify({ ipfsPinHash: cid, ...pinataMetadata('write-labels', tags) }),
      signal,
    })
  }

  return {
    id: 'pinata',

    relabel: (pin, metadata, opts) =>
      hashMetadata(pin.cid, { name: pin.name ?? '', metadata }, opts?.signal),

    async uploadFiles(upload, tags, opts) {
      const metadata = JSON.stringify(pinataMetadata('upload-files', tags))
      const options = JSON.stringify({
        cidVersion: upload.params.cidVersion,
        ...(upload.kind === 'file' ? { wrapWithDirectory: upload.wrapWithDirectory } : {}),
      })
      // A directory is wrapped by one more folder level; a file by Pinata's own option.
      const parts = fileParts(upload, upload.kind === 'dir' && upload.wrapWithDirectory)
      const form = formRequest(() => [
        ...parts,
        { name: 'pinataMetadata', value: metadata },
        { name: 'pinataOptions', value: options },
      ])
      // The result is keyed by content: the same files again are the same pin (isDuplicate).
      const value = await http.request(
        {
          operation: 'upload-files',
          method: 'POST',
          path: '/pinning/pinFileToIPFS',
          headers: form.headers,
          body: form.body,
          signal: opts?.signal,
          progress: opts?.progress,
        },
        (res) => {
          const v = http.parse<{ IpfsHash?: unknown; isDuplicate?: unknown }>('upload-files', res)
          if (typeof v.IpfsHash !== 'string' || v.IpfsHash === '')
            throw http.malformed(
              'upload-files',
              `the answer names no IpfsHash: ${said(res.text)}`,
              res,
            )
          return { IpfsHash: v.IpfsHash, isDuplicate: v.isDuplicate }
        },
      )
      // Already pinned by an earlier run: Pinata keeps that run's labels unless told otherwise.
      // One record per CID: this run's labels, keeping the scopes that deployed it before.
      if (value.isDuplicate === true) {
        const cid = value.IpfsHash
        const rows = await pinList('read-labels', { cid }, opts?.signal)
        const row = rows.find((r) => r.ipfs_pin_hash === cid)
        // Without the existing labels a rewrite could erase another scope's claim: leave them.
        if (row === undefined) {
          deps.log?.(
            `pinata: ${cid} was already pinned; its labels could not be read, so they stay`,
          )
          return { cid, state: 'pinned' }
        }
        const existing = stringValues(row.metadata?.keyvalues)
        await hashMetadata(
          cid,
          {
            name: tags.name,
            metadata: mergedMetadata(existing, tags.metadata, { maxKeys: MAX_KEYVALUES }),
          },
          opts?.signal,
        )
      }
      return { cid: value.IpfsHash, state: 'pinned' }
    },

    async pin(cid: CID, tags, opts): Promise<PinInfo> {
      const body = JSON.stringify({
        hashToPin: cid.toString(),
        pinataMetadata: pinataMetadata('pin', tags),
      })
      const value = await http.request(
        {
          operation: 'pin',
          method: 'POST',
          path: '/pinning/pinByHash',
          headers: { 'content-type': 'application/json' },
          body: () => body,
          signal: opts?.signal,
        },
        (res) => {
          const v = http.parse<{ id?: string; ipfsHash?: unknown; status?: string }>('pin', res)
          if (typeof v.ipfsHash !== 'string')
            throw http.malformed('pin', `the answer names no ipfsHash: ${said(res.text)}`, res)
          return { ...v, ipfsHash: v.ipfsHash }
        },
      )
      const state = JOB_STATES[value.status ?? ''] ?? 'queued'
      return {
        cid: value.ipfsHash,
        ...(value.id !== undefined ? { id: value.id } : {}),
        state,
        ...(value.status !== undefined ? { detail: value.status } : {}),
      }
    },

    async status(pin, opts) {
      const pinned = async (): Promise<PinInfo | undefined> => {
        const rows = await pinList('status', { cid: pin.cid, pageLimit: 1 }, opts?.signal)
        // Only a row for this CID counts, whatever the service's filter let through.
        const hash = rows.find(
          (r) => r.ipfs_pin_hash !== undefined && sameCid(r.ipfs_pin_hash, pin.cid),
        )?.ipfs_pin_hash
        return hash !== undefined ? { cid: hash, state: 'pinned' } : undefined
      }
      const before = await pinned()
      if (before !== undefined) return before
      const { value } = await http.json<{
        rows?: Array<{ id?: string; ipfs_pin_hash?: string; status?: string }>
      }>({
        operation: 'status',
        method: 'GET',
        path: '/pinning/pinJobs',
        query: { ipfs_pin_hash: pin.cid, sort: 'DESC', limit: 1 },
        signal: opts?.signal,
      })
      const job = value.rows?.find(
        (j) => j.ipfs_pin_hash === undefined || sameCid(j.ipfs_pin_hash, pin.cid),
      )
      // A job leaves the queue when it is pinned: it may have done so between the two reads.
      if (job === undefined) return (await pinned()) ?? { cid: pin.cid, state: 'absent' }
      const state = JOB_STATES[job.status ?? ''] ?? 'queued'
      return {
        cid: job.ipfs_pin_hash ?? pin.cid,
        ...(job.id !== undefined ? { id: job.id } : {}),
        state,
        ...(job.status !== undefined ? { detail: said(job.status, 80) } : {}),
      }
    },

    async unpin(pin, opts) {
      const res = await http.send({
        operation: 'unpin',
        method: 'DELETE',
        path: `/pinning/unpin/${encodeURIComponent(pin.cid)}`,
        accept: (status, body) => status === 400 && notPinned(body),
        signal: opts?.signal,
      })
      return { outcome: res.status === 400 ? 'absent' : 'removed' }
    },

    async *list(filter, opts): AsyncIterable<ListedPin> {
      const query: Record<string, QueryValue> = { pageLimit: PAGE }
      if (filter.name !== undefined) query['metadata[name]'] = filter.name
      if (filter.cid !== undefined) query.cid = filter.cid
      const kv: Record<string, { value: string; op: string }> = Object.fromEntries(
        Object.entries(filter.metadata ?? {}).map(([k, v]) => [k, { value: v, op: 'eq' }]),
      )
      // The scope label may hold several scopes (one record per CID): `like`, then exact here.
      if (filter.scope !== undefined)
        kv[TAG.scope] = { value: `%${filter.scope.replace(/[%_\\]/g, '\\$&')}%`, op: 'like' }
      if (Object.keys(kv).length > 0) query['metadata[keyvalues]'] = JSON.stringify(kv)
      const seen = new Set<string>()
      for (let page = 0, offset = 0; page < MAX_PAGES; page++) {
        const rows = await pinList('list', { ...query, pageOffset: offset }, opts?.signal)
        let fresh = 0
        for (const r of rows) {
          const key = r.id ?? `${r.ipfs_pin_hash ?? ''}@${r.date_pinned ?? ''}`
          if (seen.has(key) || r.ipfs_pin_hash === undefined) continue
          seen.add(key)
          fresh++
          const name = r.metadata?.name ?? undefined
          const metadata = stringValues(r.metadata?.keyvalues)
          if (r.date_unpinned !== null && r.date_unpinned !== undefined) continue
          if (!matchesFilter(filter, name, metadata, r.ipfs_pin_hash)) continue
          yield {
            cid: r.ipfs_pin_hash,
            ...(r.id !== undefined ? { id: r.id } : {}),
            state: 'pinned',
            ...(name !== undefined ? { name } : {}),
            metadata,
            ...(r.date_pinned !== undefined ? { created: r.date_pinned } : {}),
          }
        }
        // An empty page is the end; a page with nothing new means the service ignores offsets.
        // (A short page is not: the service may cap pageLimit below what was asked.)
        if (rows.length === 0 || fresh === 0) return
        offset += rows.length
      }
      throw fail('list', `more than ${MAX_PAGES} pages of pins; stopped`)
    },
  }
}

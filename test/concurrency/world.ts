/**
 * What the concurrency tests share: one double per provider family that keeps labels, reached by
 * each run through its own alias (test/support/interleave.ts), the requests rules hold, what is
 * pinned and who claims it; and runs started on clocks of their own, so that each run's claim
 * time is fixed by the test, never by the wall clock.
 */
import { createHash } from 'node:crypto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { create as digest } from 'multiformats/hashes/digest'
import { expect } from 'vitest'
import { claimsOf, type Claim } from '../../src/tags.js'
import { startAiozDouble, type AiozDouble } from '../doubles/aioz.js'
import { startClusterDouble, type ClusterDouble } from '../doubles/cluster.js'
import { startFilebaseDouble, type FilebaseDouble } from '../doubles/filebase.js'
import { startPinataV3Double, type PinataV3Double } from '../doubles/pinata-v3.js'
import { startPinataDouble, type PinataDouble } from '../doubles/pinata.js'
import { startPsaDouble, type PsaDouble } from '../doubles/psa.js'
import { fakeClock } from '../support/clock.js'
import { writeTree, type scratch } from '../support/fs-tree.js'
import { after, req, type Match, type Traffic } from '../support/interleave.js'
import { runRecorded, type Ran } from '../support/recorded-run.js'
import type { TestServer } from '../support/server.js'

export type Scratch = ReturnType<typeof scratch>

/** Claim times: one minute apart, from a fixed start (no wall clock). */
export const T0 = Date.UTC(2026, 10, 2, 9, 0, 0)
export const at = (minute: number): number => T0 + minute * 60_000

/** A CID's key whatever base or version it is written in. */
export const key = (cid: string): string => CID.parse(cid).toV1().toString()

/** A distinct CIDv1 per label (pin-only services pin it by CID). */
export const cidOf = (label: string): string =>
  CID.create(1, raw.code, digest(0x12, createHash('sha256').update(label).digest())).toString()

export const REPO = 'acme/site'
export const PROD_SCOPE = `${REPO}@production`
export const prScope = (pr: number): string => `${REPO}#pr-${pr}`

/** The environment of a run: production, or pull request `pr`; a sha and a run id of its own. */
export function envOf(
  run: string,
  opts: { pr?: number; runId?: string } = {},
): Record<string, string> {
  const sha = createHash('sha1').update(run).digest('hex')
  return {
    IPFS_PIN_REPOSITORY: REPO,
    IPFS_PIN_SHA: sha,
    IPFS_PIN_RUN_ID: opts.runId ?? String(parseInt(sha.slice(0, 8), 16)),
    ...(opts.pr !== undefined ? { IPFS_PIN_PR: String(opts.pr) } : {}),
  }
}

export interface Family {
  readonly name: 'pinata' | 'cluster' | 'psa' | 'aioz' | 'filebase-s3' | 'pinata-v3'
  readonly server: TestServer
  /** The provider inputs of `run`, through its own alias of the double. */
  inputs(run: string, t: Traffic): Promise<Record<string, string>>
  /** What a deploy of `version` publishes: a folder, or (pin-only services) a CID. */
  content(version: string): Record<string, string>
  /** The CIDs pinned now, by key. */
  live(): string[]
  /** Each record of `cid` (one per CID, or one per request), with its claims. */
  claims(cid: string): Claim[][]
  /** `run`'s requests that write a deploy's labels (upload, pin, relabel). */
  write(run: string): Match
  /**
   * `run`'s request that writes its claim on a CID already pinned there (Pinata: the labels
   * rewritten after an upload it calls a duplicate; Cluster: the add; PSA: the request).
   */
  labelWrite(run: string): Match
  /** `run`'s listing of the scope (cleanup plans from it). */
  listScope(run: string): Match
  /** `run`'s reads of one CID's records (re-read before acting, read back after). */
  readCid(run: string): Match
  /** `run`'s requests that unpin or release (unpin, remove, relabel). */
  release(run: string): Match
  close(): Promise<void>
}

/** Sites by version: the same version is the same folder (and so the same CID). */
function folders(tmp: Scratch): (version: string) => Record<string, string> {
  const sites = new Map<string, string>()
  return (version) => {
    let dir = sites.get(version)
    if (dir === undefined) {
      dir = writeTree(tmp.next(`site-${version}`), { 'index.html': `<h1>release ${version}</h1>` })
      sites.set(version, dir)
    }
    return { path: dir }
  }
}

const JWT = 'concurrency-pinata-jwt-71'
const PSA_TOKEN = 'concurrency-psa-token-72'
const AIOZ = { key: 'concurrency-aioz-key-73', secret: 'concurrency-aioz-secret-74' }
const FILEBASE = {
  bucket: 'concurrency-bucket',
  accessKeyId: 'concurrency-filebase-key-75',
  secretAccessKey: 'concurrency-filebase-secret-76',
}

export async function startFamily(name: Family['name'], tmp: Scratch): Promise<Family> {
  const folder = folders(tmp)
  const common = { retries: '1', 'request-timeout': '5s', 'wait-timeout': '60s' }
  if (name === 'pinata') {
    const d: PinataDouble = await startPinataDouble({ jwt: JWT })
    const active = () => d.pins.filter((p) => p.dateUnpinned === null)
    return {
      name,
      server: d.server,
      inputs: async (run, t) => ({
        ...common,
        provider: 'pinata',
        'pinata-jwt': JWT,
        'pinata-api-url': await t.url(d.server, 'pinata', run),
      }),
      content: folder,
      live: () => [...new Set(active().map((p) => key(p.cid)))].sort(),
      claims: (cid) =>
        active()
          .filter((p) => key(p.cid) === key(cid))
          .map((p) => claimsOf(p.keyvalues ?? {})),
      write: (run) => (r) =>
        req(run, 'pinata', 'POST', '/pinning/pinFileToIPFS')(r) ||
        req(run, 'pinata', 'PUT', '/pinning/hashMetadata')(r),
      labelWrite: (run) => req(run, 'pinata', 'PUT', '/pinning/hashMetadata'),
      listScope: (run) => req(run, 'pinata', 'GET', '/data/pinList', /ipfs-pin\.scope/),
      readCid: (run) => req(run, 'pinata', 'GET', '/data/pinList', /[?&]cid=/),
      release: (run) => (r) =>
        req(run, 'pinata', 'DELETE', /^\/pinning\/unpin\//)(r) ||
        req(run, 'pinata', 'PUT', '/pinning/hashMetadata')(r),
      close: () => d.close(),
    }
  }
  if (name === 'cluster') {
    const d: ClusterDouble = await startClusterDouble()
    d.pinAfterReads = 0
    return {
      name,
      server: d.server,
      inputs: async (run, t) => ({
        ...common,
        provider: 'cluster',
        'cluster-url': await t.url(d.server, 'cluster', run),
      }),
      content: folder,
      live: () => [...d.pins.keys()].map(key).sort(),
      claims: (cid) => {
        const p = d.pins.get(key(cid))
        return p === undefined ? [] : [claimsOf(p.metadata)]
      },
      write: (run) => (r) =>
        req(run, 'cluster', 'POST', '/add')(r) || req(run, 'cluster', 'POST', /^\/pins\/[^/]+$/)(r),
      // The upload of a CID it does not hold, the pin by CID of one it holds (no upload).
      labelWrite: (run) => (r) =>
        req(run, 'cluster', 'POST', '/add')(r) || req(run, 'cluster', 'POST', /^\/pins\/[^/]+$/)(r),
      listScope: (run) => req(run, 'cluster', 'GET', '/allocations'),
      readCid: (run) => req(run, 'cluster', 'GET', /^\/allocations\/[^/]+$/),
      release: (run) => (r) =>
        req(run, 'cluster', 'DELETE', /^\/pins\//)(r) ||
        req(run, 'cluster', 'POST', /^\/pins\/[^/]+$/)(r),
      close: () => d.close(),
    }
  }
  if (name === 'psa') {
    const d: PsaDouble = await startPsaDouble(PSA_TOKEN)
    const live = () => d.pins.filter((p) => !d.failing.has(p.cid))
    return {
      name,
      server: d.server,
      inputs: async (run, t) => ({
        ...common,
        provider: 'psa',
        'psa-endpoint': await t.url(d.server, 'psa', run),
        'psa-token': PSA_TOKEN,
      }),
      content: (version) => ({ cid: cidOf(version) }),
      live: () => [...new Set(live().map((p) => key(p.cid)))].sort(),
      claims: (cid) =>
        live()
          .filter((p) => key(p.cid) === key(cid))
          .map((p) => claimsOf(p.meta)),
      write: (run) => req(run, 'psa', 'POST', /^\/pins(\/[^/]+)?$/),
      labelWrite: (run) => req(run, 'psa', 'POST', /^\/pins(\/[^/]+)?$/),
      listScope: (run) => (r) =>
        req(run, 'psa', 'GET', '/pins', /[?&]meta=/)(r) && !/[?&]cid=/.test(r.url),
      readCid: (run) => req(run, 'psa', 'GET', '/pins', /[?&]cid=/),
      release: (run) => req(run, 'psa', 'DELETE', /^\/pins\//),
      close: () => d.close(),
    }
  }
  if (name === 'pinata-v3') {
    // The v3 Files API: one record per CID (a duplicate upload merges its claim into the
    // record's keyvalues); the API and uploads hosts are one double, reached through one alias.
    const d: PinataV3Double = await startPinataV3Double({ jwt: JWT })
    const active = () => d.pins.filter((p) => p.dateUnpinned === null)
    // A file by id (not the pin-by-CID queue beside them).
    const file = /^\/v3\/files\/public\/(?!pin_by_cid$)[^/]+$/
    const pinByCid = '/v3/files/public/pin_by_cid'
    return {
      name,
      server: d.server,
      inputs: async (run, t) => {
        const url = await t.url(d.server, 'pinata-v3', run)
        return {
          ...common,
          provider: 'pinata-v3',
          'pinata-jwt': JWT,
          'pinata-api-url': url,
          'pinata-uploads-url': url,
        }
      },
      content: folder,
      live: () => [...new Set(active().map((p) => key(p.cid)))].sort(),
      claims: (cid) =>
        active()
          .filter((p) => key(p.cid) === key(cid))
          .map((p) => claimsOf(p.keyvalues ?? {})),
      // The upload, a pin by CID (a file another run's cleanup removed, pinned again), a merge.
      write: (run) => (r) =>
        req(run, 'pinata-v3', 'POST', '/v3/files')(r) ||
        req(run, 'pinata-v3', 'POST', pinByCid)(r) ||
        req(run, 'pinata-v3', 'PUT', file)(r),
      labelWrite: (run) => req(run, 'pinata-v3', 'PUT', file),
      // A claim's scope is one word of a list: v3 filters keyvalues by equality only, so the
      // scope is listed whole (no `cid`) and matched here.
      listScope: (run) => (r) =>
        req(run, 'pinata-v3', 'GET', '/v3/files/public')(r) && !/[?&]cid=/.test(r.url),
      // By CID (re-read before acting, read back), or by id (the labels read before the merge).
      readCid: (run) => (r) =>
        req(run, 'pinata-v3', 'GET', '/v3/files/public', /[?&]cid=/)(r) ||
        req(run, 'pinata-v3', 'GET', file)(r),
      release: (run) => (r) =>
        req(run, 'pinata-v3', 'DELETE', file)(r) || req(run, 'pinata-v3', 'PUT', file)(r),
      close: () => d.close(),
    }
  }
  if (name === 'filebase-s3') {
    // One object per deployment (scope, time and CID in its key), none rewritten: each scope's
    // claim is an object of its own, so a CID two scopes deployed has a record per scope.
    const d: FilebaseDouble = await startFilebaseDouble({
      bucket: FILEBASE.bucket,
      keys: new Map([[FILEBASE.accessKeyId, { secretAccessKey: FILEBASE.secretAccessKey }]]),
    })
    // Each run signs with its own clock (claim times minutes apart): the double's skew rule
    // would refuse all but one run, so it is widened; the signature is still checked.
    d.now = () => at(0)
    d.maxSkewMs = 24 * 3_600_000
    const objects = `/${FILEBASE.bucket}/ipfs-pin-action/`
    const ours = new RegExp(`^${objects}`)
    const bucket = new RegExp(`^/${FILEBASE.bucket}/?$`)
    /** A listing of one scope's prefix: the upload's "already stored?" check, or cleanup's. */
    const scopeListing = (run: string): Match =>
      req(run, 'filebase', 'GET', bucket, /[?&]prefix=ipfs-pin-action\/[^/&]+\//)
    const put =
      (run: string): Match =>
      (r) =>
        req(run, 'filebase', 'PUT', ours)(r) && !/[?&]uploadId=/.test(r.url)
    return {
      name,
      server: d.server,
      inputs: async (run, t) => ({
        ...common,
        provider: 'filebase-s3',
        'filebase-bucket': FILEBASE.bucket,
        'filebase-access-key-id': FILEBASE.accessKeyId,
        'filebase-secret-access-key': FILEBASE.secretAccessKey,
        'filebase-s3-url': await t.url(d.server, 'filebase', run),
        'filebase-region': 'us-east-1',
      }),
      content: folder,
      live: () => [...new Set([...d.objects.values()].map((o) => key(o.cid)))].sort(),
      // From the labels the upload sent as object metadata (the key holds the same; cleanup
      // reads it there), so that the claims are not read with the provider's own parser.
      claims: (cid) =>
        [...d.objects.values()]
          .filter((o) => key(o.cid) === key(cid))
          .map((o) => claimsOf(o.metadata)),
      write: put,
      labelWrite: put,
      // The upload lists the scope first (is the CID stored already?): cleanup's listing is the
      // one after the run's own upload.
      listScope: (run) => after(put(run), scopeListing(run)),
      readCid: (run) => req(run, 'filebase', 'GET', bucket, /[?&]prefix=ipfs-pin-action\/(&|$)/),
      release: (run) => req(run, 'filebase', 'DELETE', ours),
      close: () => d.close(),
    }
  }
  const d: AiozDouble = await startAiozDouble(AIOZ)
  const active = () => d.pins.filter((p) => p.unpinned === undefined)
  return {
    name,
    server: d.server,
    inputs: async (run, t) => ({
      ...common,
      provider: 'aioz',
      'aioz-api-key': AIOZ.key,
      'aioz-secret-key': AIOZ.secret,
      'aioz-api-url': `${await t.url(d.server, 'aioz', run)}/api`,
    }),
    content: folder,
    live: () => [...new Set(active().map((p) => key(p.cid)))].sort(),
    claims: (cid) =>
      active()
        .filter((p) => key(p.cid) === key(cid))
        .map((p) => claimsOf(p.keyvalues)),
    write: (run) => req(run, 'aioz', 'POST', '/api/pinning/'),
    // AIOZ keeps the labels of a CID's first pin: no run writes a claim on one already there.
    labelWrite: () => () => false,
    listScope: (run) => req(run, 'aioz', 'GET', '/api/pinning/pins/'),
    readCid: (run) => req(run, 'aioz', 'GET', '/api/pinning/pins/'),
    release: (run) => req(run, 'aioz', 'DELETE', /^\/api\/pinning\/unpin\//),
    close: () => d.close(),
  }
}

/** Starts a run as `name` on its own clock at `minute`: its claims are at that time. */
export function start(
  tmp: Scratch,
  t: Traffic,
  name: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
  minute: number,
): Promise<Ran> {
  return t.run(name, () =>
    runRecorded(inputs, tmp.next('run'), env, { clock: fakeClock(at(minute)) }),
  )
}

/** The run ended green, with what it said if not. */
export function green(r: Ran): string {
  expect(r.error?.message, r.host.text()).toBeUndefined()
  return key(r.host.outputs.cid ?? '')
}

/** The scopes claiming `cid` on `f`, one list per record. */
export const scopesOn = (f: Family, cid: string): string[][] =>
  f.claims(cid).map((cs) => cs.map((c) => c.scope).sort())

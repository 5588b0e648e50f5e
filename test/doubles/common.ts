/**
 * What the provider doubles share: fault injection, multipart `file` parts, and a block store
 * that takes a CAR only when every block hashes (node:crypto SHA-256, not the product's
 * hashing) to its CID, and can tell whether the DAG under a root is complete.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CarBlockIterator } from '@ipld/car/iterator'
import * as dagPb from '@ipld/dag-pb'
import type { CID } from 'multiformats/cid'
import Busboy from 'busboy'
import {
  referenceDirCid,
  referenceFileCid,
  type RefEntry,
  type RefParams,
} from '../support/reference-unixfs.js'

/**
 * `reset` cuts the connection, `stall` never answers, an object is sent as the answer;
 * `reset-after` lets the service act on the request, then cuts the connection instead of
 * answering (the client cannot tell whether it was taken).
 */
export type Fault =
  | 'reset'
  | 'reset-after'
  | 'stall'
  | { status: number; body: string; headers?: Record<string, string> }

/** The fault hooks every service double takes. */
export interface FaultHooks {
  /** Consulted on every request before it is served: `n` counts requests from 1. */
  fault?: (n: number, path: string, method: string) => Fault | undefined
  /**
   * Asked as a request starts, before its body is read: `hold` never answers (a stall),
   * `reset-mid-body` cuts the connection (see startServer).
   */
  early?: (n: number, method?: string, path?: string) => 'reset-mid-body' | 'hold' | undefined
}

/** Plays `fault` if there is one; true when the request has been dealt with. */
export function applyFault(
  fault: Fault | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (fault === undefined) return false
  if (fault === 'reset-after') {
    res.writeHead = () => res
    res.end = () => {
      req.socket.destroy()
      return res
    }
    return false
  }
  if (fault === 'reset') req.socket.destroy()
  else if (fault !== 'stall') {
    res.writeHead(fault.status, fault.headers ?? {})
    res.end(fault.body)
  }
  return true
}

/** A multipart form as a service receives it: file parts with their names, and text fields. */
export interface Form {
  files: Array<{ field: string; filename: string; data: Buffer }>
  fields: Map<string, string[]>
}

/** Parses multipart/form-data with busboy, keeping the paths in file names. */
export function multipartForm(req: Pick<IncomingMessage, 'headers'>, body: Buffer): Promise<Form> {
  return new Promise((resolve, reject) => {
    const form: Form = { files: [], fields: new Map() }
    const bb = Busboy({
      headers: req.headers,
      preservePath: true,
      // File names are UTF-8 as browsers and Go send them (busboy's default is latin1).
      defParamCharset: 'utf8',
      limits: { fileSize: Infinity },
    })
    bb.on('file', (field, stream, info) => {
      const chunks: Buffer[] = []
      stream.on('data', (d: Buffer) => chunks.push(d))
      stream.on('end', () =>
        form.files.push({ field, filename: info.filename ?? '', data: Buffer.concat(chunks) }),
      )
    })
    bb.on('field', (name, value) =>
      form.fields.set(name, [...(form.fields.get(name) ?? []), value]),
    )
    bb.on('close', () => resolve(form))
    bb.on('error', reject)
    bb.end(body)
  })
}

/** The contents of the multipart parts named `file`. */
export async function multipartFiles(req: IncomingMessage, body: Buffer): Promise<Buffer[]> {
  const form = await multipartForm(req, body)
  return form.files.filter((f) => f.field === 'file').map((f) => f.data)
}

/**
 * The CID a service that builds the DAG itself (Pinata, AIOZ) computes from uploaded `file`
 * parts, with the independent reference implementation: one part without a folder is a file
 * (wrapped when asked); otherwise every part must sit under one common root folder, which
 * becomes the root directory. An error string when the parts break those rules.
 */
export async function cidOfUploadedFiles(
  files: Form['files'],
  params: RefParams,
  wrapSingleFile = false,
): Promise<{ cid: string } | { error: string }> {
  const parts = files.filter((f) => f.field === 'file')
  if (parts.length === 0) return { error: 'no file part' }
  const only = parts[0]
  if (parts.length === 1 && only !== undefined && !only.filename.includes('/')) {
    if (only.filename === '') return { error: 'a file part has no filename' }
    return {
      cid: wrapSingleFile
        ? await referenceDirCid([{ type: 'file', path: only.filename, content: only.data }], params)
        : await referenceFileCid(only.data, params),
    }
  }
  const roots = new Set(parts.map((f) => f.filename.split('/')[0]))
  if (roots.size !== 1 || parts.some((f) => !f.filename.includes('/')))
    return { error: 'the file parts do not share one root folder' }
  const entries: RefEntry[] = []
  const seen = new Set<string>()
  for (const f of parts) {
    const rel = f.filename.slice(f.filename.indexOf('/') + 1)
    if (rel === '' || rel.split('/').some((s) => s === '' || s === '.' || s === '..'))
      return { error: `bad file path ${f.filename}` }
    if (seen.has(rel)) return { error: `${f.filename} sent twice` }
    seen.add(rel)
    entries.push({ type: 'file', path: rel, content: f.data })
  }
  return { cid: await referenceDirCid(entries, params) }
}

/** kubo's `ipfs add` parameters, written out here so the doubles do not use the product's. */
export const KUBO_V0: RefParams = {
  cidVersion: 0,
  rawLeaves: false,
  chunkSize: 262144,
  maxLinks: 174,
  hamtStrategy: 'links-bytes',
  hamtThreshold: 262144,
}
export const KUBO_V1: RefParams = { ...KUBO_V0, cidVersion: 1, rawLeaves: true }

/** The key blocks and pins are kept under: v0 and v1 CIDs of one block find the same entry. */
export const blockKey = (cid: CID): string => cid.toV1().toString()

/** Blocks by `blockKey`. */
export class Blocks extends Map<string, Uint8Array> {
  /** Stores every block of `car`; returns its roots, or why it was refused. */
  async importCar(car: Uint8Array): Promise<{ roots: CID[] } | { error: string }> {
    try {
      const it = await CarBlockIterator.fromBytes(car)
      const roots = await it.getRoots()
      for await (const { cid, bytes } of it) {
        const digest = createHash('sha256').update(bytes).digest()
        if (cid.multihash.code !== 0x12 || !digest.equals(Buffer.from(cid.multihash.digest))) {
          return { error: `block ${cid.toString()} does not match its hash` }
        }
        this.set(blockKey(cid), bytes)
      }
      return { roots }
    } catch (err) {
      return { error: `invalid CAR: ${(err as Error).message}` }
    }
  }

  /** The first block missing under `cid`, or undefined when the DAG is complete. */
  missing(cid: CID): string | undefined {
    const bytes = this.get(blockKey(cid))
    if (bytes === undefined) return cid.toString()
    if (cid.code !== dagPb.code) return undefined
    for (const l of dagPb.decode(bytes).Links) {
      const m = this.missing(l.Hash)
      if (m !== undefined) return m
    }
    return undefined
  }
}

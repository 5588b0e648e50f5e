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

/** `reset` cuts the connection, `stall` never answers, an object is sent as the answer. */
export type Fault =
  'reset' | 'stall' | { status: number; body: string; headers?: Record<string, string> }

/** Plays `fault` if there is one; true when the request has been dealt with. */
export function applyFault(
  fault: Fault | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (fault === undefined) return false
  if (fault === 'reset') req.socket.destroy()
  else if (fault !== 'stall') {
    res.writeHead(fault.status, fault.headers ?? {})
    res.end(fault.body)
  }
  return true
}

/** The contents of the multipart parts named `file`, parsed with busboy. */
export function multipartFiles(req: IncomingMessage, body: Buffer): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const files: Buffer[] = []
    const bb = Busboy({ headers: req.headers, limits: { fileSize: Infinity } })
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = []
      stream.on('data', (d: Buffer) => chunks.push(d))
      stream.on('end', () => {
        if (name === 'file') files.push(Buffer.concat(chunks))
      })
    })
    bb.on('close', () => resolve(files))
    bb.on('error', reject)
    bb.end(body)
  })
}

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

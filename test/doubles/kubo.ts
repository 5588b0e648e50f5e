/**
 * A Kubo RPC double on 127.0.0.1:0 that enforces the parts of the contract the provider relies
 * on: POST only (405 otherwise), the Authorization header when one is configured (403), the
 * multipart `file` part of `dag/import` holding a CAR, JSON error bodies `{Message,Code,Type}`
 * with HTTP 500, NDJSON answers. It checks every block it receives with node:crypto's SHA-256
 * (not the product's hashing) and pins a root only when the whole DAG under it arrived, so a
 * wrong or incomplete upload shows up as a pin error or a different CID.
 */
import { createHash } from 'node:crypto'
import Busboy from 'busboy'
import { CarBlockIterator } from '@ipld/car/iterator'
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { startServer, type TestServer } from '../support/server.js'

export type Fault =
  'reset' | 'stall' | { status: number; body: string; headers?: Record<string, string> }

export interface KuboDouble {
  readonly url: string
  readonly server: TestServer
  readonly blocks: Map<string, Uint8Array>
  readonly pins: Set<string>
  /** Consulted first on every request: `n` counts requests from 1. */
  fault?: (n: number, path: string) => Fault | undefined
  /** Consulted as a request starts, before its body is read (see startServer). */
  early?: (n: number) => 'reset-mid-body' | 'hold' | undefined
  /** Report this root instead of the CAR's (a provider that builds another DAG). */
  lieAboutRoot?: string
  close(): Promise<void>
}

const key = (cid: CID): string => cid.toV1().toString()

function kuboError(res: ServerResponse, message: string): void {
  res.writeHead(500, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ Message: message, Code: 0, Type: 'error' }))
}

function readMultipartFiles(req: IncomingMessage, body: Buffer): Promise<Buffer[]> {
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

export async function startKuboDouble(opts: { authorization?: string } = {}): Promise<KuboDouble> {
  const blocks = new Map<string, Uint8Array>()
  const pins = new Set<string>()
  /** The first block missing under `cid`, or undefined when the DAG is complete. */
  const missing = (cid: CID): string | undefined => {
    const bytes = blocks.get(key(cid))
    if (bytes === undefined) return cid.toString()
    if (cid.code !== dagPb.code) return undefined
    for (const l of dagPb.decode(bytes).Links) {
      const m = missing(l.Hash)
      if (m !== undefined) return m
    }
    return undefined
  }

  const double: KuboDouble = {
    url: '',
    server: undefined as unknown as TestServer,
    blocks,
    pins,
    close: () => double.server.close(),
  }

  const server = await startServer(
    async (req, res, body, n) => {
      const url = new URL(req.url ?? '/', 'http://x')
      const fault = double.fault?.(n, url.pathname)
      if (fault === 'reset') return req.socket.destroy()
      if (fault === 'stall') return
      if (fault !== undefined) {
        res.writeHead(fault.status, fault.headers ?? {})
        return res.end(fault.body)
      }
      if (req.method !== 'POST') {
        res.writeHead(405, { 'content-type': 'text/plain' })
        return res.end('405 - Method Not Allowed')
      }
      if (opts.authorization !== undefined && req.headers.authorization !== opts.authorization) {
        res.writeHead(403, { 'content-type': 'text/plain' })
        return res.end('403 - Forbidden')
      }
      const arg = url.searchParams.get('arg')
      const argCid = (): CID | undefined => {
        try {
          return arg === null ? undefined : CID.parse(arg)
        } catch {
          return undefined
        }
      }
      switch (url.pathname) {
        case '/api/v0/dag/import': {
          if (!(req.headers['content-type'] ?? '').startsWith('multipart/form-data'))
            return kuboError(res, 'file argument "path" is required')
          const files = await readMultipartFiles(req, body)
          if (files.length === 0) return kuboError(res, 'file argument "path" is required')
          const lines: string[] = []
          for (const car of files) {
            let roots: CID[]
            try {
              const it = await CarBlockIterator.fromBytes(car)
              roots = await it.getRoots()
              for await (const { cid, bytes } of it) {
                const digest = createHash('sha256').update(bytes).digest()
                if (
                  cid.multihash.code !== 0x12 ||
                  !digest.equals(Buffer.from(cid.multihash.digest))
                )
                  return kuboError(res, `block ${cid.toString()} does not match its hash`)
                blocks.set(key(cid), bytes)
              }
            } catch (err) {
              return kuboError(res, `invalid CAR: ${(err as Error).message}`)
            }
            for (const root of roots) {
              const gap = url.searchParams.get('pin-roots') === 'false' ? undefined : missing(root)
              if (gap === undefined && url.searchParams.get('pin-roots') !== 'false')
                pins.add(key(root))
              lines.push(
                JSON.stringify({
                  Root: {
                    Cid: { '/': double.lieAboutRoot ?? root.toString() },
                    PinErrorMsg:
                      gap === undefined
                        ? ''
                        : `block was not found locally (offline): ipld: could not find ${gap}`,
                  },
                }),
              )
            }
          }
          res.writeHead(200, { 'content-type': 'application/json' })
          return res.end(`${lines.join('\n')}\n`)
        }
        case '/api/v0/pin/add': {
          const cid = argCid()
          if (cid === undefined) return kuboError(res, `invalid path "${arg ?? ''}"`)
          const gap = missing(cid)
          if (gap !== undefined)
            return kuboError(
              res,
              `pin: block was not found locally (offline): ipld: could not find ${gap}`,
            )
          pins.add(key(cid))
          res.writeHead(200, { 'content-type': 'application/json' })
          return res.end(`${JSON.stringify({ Pins: [cid.toString()] })}\n`)
        }
        case '/api/v0/pin/ls': {
          const cid = argCid()
          if (cid === undefined || !pins.has(key(cid)))
            return kuboError(res, `path '${arg ?? ''}' is not pinned`)
          res.writeHead(200, { 'content-type': 'application/json' })
          return res.end(JSON.stringify({ Keys: { [cid.toString()]: { Type: 'recursive' } } }))
        }
        case '/api/v0/pin/rm': {
          const cid = argCid()
          if (cid === undefined || !pins.delete(key(cid)))
            return kuboError(res, 'not pinned or pinned indirectly')
          res.writeHead(200, { 'content-type': 'application/json' })
          return res.end(JSON.stringify({ Pins: [cid.toString()] }))
        }
        default:
          res.writeHead(404, { 'content-type': 'text/plain' })
          return res.end('404 page not found')
      }
    },
    (_req, n) => double.early?.(n),
  )
  Object.assign(double, { url: server.url, server })
  return double
}

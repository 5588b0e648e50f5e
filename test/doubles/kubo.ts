/**
 * A Kubo RPC double on 127.0.0.1:0 that enforces the parts of the contract the provider relies
 * on: POST only (405 otherwise), the Authorization header when one is configured (403), the
 * multipart `file` part of `dag/import` holding a CAR, JSON error bodies `{Message,Code,Type}`
 * with HTTP 500, NDJSON answers. It checks every block it receives with node:crypto's SHA-256
 * (not the product's hashing) and pins a root only when the whole DAG under it arrived, so a
 * wrong or incomplete upload shows up as a pin error or a different CID.
 *
 * Name RPCs (docs/names/kubo-names.md): `routing/put` of a record signed elsewhere, checked with
 * the same independent code as the delegated routing double (test/doubles/routing.ts) and kept
 * per name by the IPNS selection rule; `routing/get`; `name/resolve` from the held record.
 */
import type { ServerResponse } from 'node:http'
import { CID } from 'multiformats/cid'
import { startServer, type TestServer } from '../support/server.js'
import {
  Blocks,
  applyFault,
  blockKey as key,
  multipartFiles,
  multipartForm,
  type FaultHooks,
} from './common.js'
import { checkIpnsRecord, offerIpnsRecord, parseIpnsName } from './routing.js'

export type { Fault } from './common.js'

export interface KuboDouble extends FaultHooks {
  readonly url: string
  readonly server: TestServer
  readonly blocks: Map<string, Uint8Array>
  readonly pins: Set<string>
  /** Report this root instead of the CAR's (a provider that builds another DAG). */
  lieAboutRoot?: string
  /** What `id` reports as the node's listen addresses (Kubo lists them with `/p2p/<ID>`). */
  addresses: string[]
  /** IPNS records taken by `routing/put`, by name (base36 `k51…`). */
  readonly ipnsRecords: Map<string, Uint8Array>
  /** A node started offline: `routing/put` needs `allow-offline=true`. */
  offline: boolean
  close(): Promise<void>
}

/** The `/ipns/<name>` argument of `routing/put` and `routing/get` (a k51… or 12D3Koo… name). */
function ipnsArg(arg: string | null): ReturnType<typeof parseIpnsName> {
  if (arg === null || !arg.startsWith('/ipns/'))
    return `invalid key "${arg ?? ''}": expected /ipns/<name>`
  return parseIpnsName(arg.slice('/ipns/'.length), { peerId: true })
}

function kuboError(res: ServerResponse, message: string): void {
  res.writeHead(500, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ Message: message, Code: 0, Type: 'error' }))
}

export const NODE_ID = '12D3KooWKuboDoubleNode'
/** As `ipfs id` prints them: loopback and private first, then the public ones. */
export const NODE_ADDRESSES = [
  '/ip4/127.0.0.1/tcp/4001',
  '/ip4/10.1.0.4/tcp/4001',
  '/ip4/192.168.1.20/udp/4001/quic-v1',
  '/ip6/::1/tcp/4001',
  '/ip6/fe80::1/tcp/4001',
  '/ip4/203.0.113.7/tcp/4001',
  '/ip4/203.0.113.7/udp/4001/quic-v1',
  '/dns4/node.example.org/tcp/4001',
].map((a) => `${a}/p2p/${NODE_ID}`)

/** How deep `name/resolve` follows `/ipns/` values (Kubo's default recursion limit). */
const RESOLVE_DEPTH = 32

/** `now` is the clock IPNS records are checked against (Date.now by default). */
export async function startKuboDouble(
  opts: { authorization?: string; now?: () => number } = {},
): Promise<KuboDouble> {
  const blocks = new Blocks()
  const pins = new Set<string>()
  const now = opts.now ?? Date.now
  const ipnsRecords = new Map<string, Uint8Array>()

  const double: KuboDouble = {
    url: '',
    server: undefined as unknown as TestServer,
    blocks,
    pins,
    addresses: [...NODE_ADDRESSES],
    ipnsRecords,
    offline: false,
    close: () => double.server.close(),
  }

  const server = await startServer(
    async (req, res, body, n) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (applyFault(double.fault?.(n, url.pathname, req.method ?? ''), req, res)) return
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
          const files = await multipartFiles(req, body)
          if (files.length === 0) return kuboError(res, 'file argument "path" is required')
          const lines: string[] = []
          for (const car of files) {
            const taken = await blocks.importCar(car)
            if ('error' in taken) return kuboError(res, taken.error)
            const roots = taken.roots
            for (const root of roots) {
              const gap =
                url.searchParams.get('pin-roots') === 'false' ? undefined : blocks.missing(root)
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
          const gap = blocks.missing(cid)
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
        case '/api/v0/id':
          res.writeHead(200, { 'content-type': 'application/json' })
          return res.end(
            JSON.stringify({
              ID: NODE_ID,
              PublicKey: 'CAESIA',
              Addresses: double.addresses,
              AgentVersion: 'kubo/0.38.1/',
              Protocols: ['/ipfs/bitswap/1.2.0'],
            }),
          )
        case '/api/v0/routing/put': {
          // go-ipfs-cmds takes the first file part whatever its field name (`value-file`).
          const form = (req.headers['content-type'] ?? '').startsWith('multipart/form-data')
            ? await multipartForm(req, body)
            : undefined
          const file = form?.files.find((f) => f.field === 'value-file') ?? form?.files[0]
          if (file === undefined) return kuboError(res, 'argument "value-file" is required')
          const allowOffline = url.searchParams.get('allow-offline')
          if (
            double.offline &&
            !['true', '1', 't', 'T', 'TRUE', 'True'].includes(allowOffline ?? '')
          )
            return kuboError(res, "can't put while offline: pass `--allow-offline` to override")
          const name = ipnsArg(arg)
          if (typeof name === 'string') return kuboError(res, name)
          const record = checkIpnsRecord(name, file.data, now())
          // The wording of Kubo's validation errors is not copied (docs/names/kubo-names.md).
          if (typeof record === 'string') return kuboError(res, `invalid IPNS record: ${record}`)
          if (offerIpnsRecord(ipnsRecords, name, record, now()) === 'older')
            return kuboError(res, "can't replace a newer value with an older value")
          res.writeHead(200, { 'content-type': 'application/json' })
          // A routing.QueryEvent of Type 5 (Value): the shape the client does not parse.
          return res.end(
            `${JSON.stringify({ Extra: '', ID: NODE_ID, Responses: null, Type: 5 })}\n`,
          )
        }
        case '/api/v0/routing/get': {
          const name = ipnsArg(arg)
          if (typeof name === 'string') return kuboError(res, name)
          const held = ipnsRecords.get(name.name)
          if (held === undefined) return kuboError(res, 'routing: not found')
          res.writeHead(200, { 'content-type': 'application/json' })
          return res.end(
            `${JSON.stringify({
              Extra: Buffer.from(held).toString('base64'),
              ID: '',
              Responses: null,
              Type: 5,
            })}\n`,
          )
        }
        case '/api/v0/name/resolve': {
          const recursive = url.searchParams.get('recursive') !== 'false'
          let target = (arg ?? '').replace(/^\/ipns\//, '')
          for (let hop = 0; hop < RESOLVE_DEPTH; hop++) {
            const name = parseIpnsName(target, { peerId: true })
            const held = typeof name === 'string' ? undefined : ipnsRecords.get(name.name)
            const record =
              typeof name === 'string' || held === undefined
                ? undefined
                : checkIpnsRecord(name, held, now())
            if (record === undefined || typeof record === 'string')
              return kuboError(res, `could not resolve name: ${arg ?? ''}`)
            if (!recursive || !record.value.startsWith('/ipns/')) {
              res.writeHead(200, { 'content-type': 'application/json' })
              return res.end(`${JSON.stringify({ Path: record.value })}\n`)
            }
            target = record.value.slice('/ipns/'.length)
          }
          return kuboError(res, `could not resolve name: ${arg ?? ''}: recursion limit exceeded`)
        }
        default:
          res.writeHead(404, { 'content-type': 'text/plain' })
          return res.end('404 page not found')
      }
    },
    (req, n) => double.early?.(n, req.method, new URL(req.url ?? '/', 'http://x').pathname),
  )
  Object.assign(double, { url: server.url, server })
  return double
}

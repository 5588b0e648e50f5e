/**
 * A Safe Transaction Service double on 127.0.0.1:0 (docs/names/ens.md#test-double), answering
 * what the service's source does for the endpoints a proposal uses, under `/api`:
 * - `GET /v2/safes/{safe}/multisig-transactions/` with `executed`, `nonce__gte`, `limit`,
 *   `offset` (pages of at most `pageSize`, `{count, next, previous, results}`);
 * - `POST` to the same path: 422 `{code: 1}` for an address not in EIP-55 form; the safeTxHash
 *   recomputed by the Safe contract itself (`getTransactionHash` on the chain, not the
 *   product's hashing) and compared; a nonce the Safe already used refused; the sender must be
 *   an owner (read from the chain) or a registered delegate; the signature must recover to the
 *   sender through the chain's ecrecover precompile (v 27/28, and 31/32 for eth_sign); an
 *   owner's signature is a confirmation, a delegate's is not; 201 with an empty body;
 * - `GET /v2/multisig-transactions/{safeTxHash}/` (404 `{"detail":"Not found."}`);
 * - `GET /v2/delegates/?delegate=` (paged).
 * With `apiKey` set, every request needs `Authorization: Bearer <key>` (401 otherwise).
 * Executed transactions are those the Safe's `ExecutionSuccess` events name. Every request is
 * recorded; `fault` and `early` inject failures; `afterPost: 'reset'` stores a proposal and then
 * cuts the connection (the answer lost).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  concat,
  createPublicClient,
  getAddress,
  hashMessage,
  http,
  isAddress,
  pad,
  parseAbi,
  toHex,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
} from 'viem'
import { startServer, type TestServer } from '../support/server.js'
import { applyFault, type FaultHooks } from './common.js'

const SAFE = parseAbi([
  'function nonce() view returns (uint256)',
  'function getOwners() view returns (address[])',
  'function getTransactionHash(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, uint256 _nonce) view returns (bytes32)',
  'event ExecutionSuccess(bytes32 indexed txHash, uint256 payment)',
])

export interface StoredTx {
  safe: Address
  to: Address
  value: string
  data: Hex
  operation: number
  safeTxGas: string
  baseGas: string
  gasPrice: string
  gasToken: Address
  refundReceiver: Address
  nonce: number
  safeTxHash: Hash
  proposer: Address
  proposedByDelegate: Address | null
  origin: string
  confirmations: Array<{ owner: Address; signature: Hex; signatureType: 'EOA' }>
  trusted: boolean
}

export interface Delegate {
  safe: Address | null
  delegate: Address
  delegator: Address
  label: string
  expiryDate: string | null
}

export interface SafeServiceDouble extends FaultHooks {
  /** The API base, `http://127.0.0.1:<port>/api`. */
  readonly url: string
  readonly server: TestServer
  readonly transactions: StoredTx[]
  readonly delegates: Delegate[]
  /** Every proposal body received, parsed. */
  readonly posts: unknown[]
  apiKey?: string
  pageSize: number
  afterPost?: 'reset'
  /** Forgets every proposal, body and request received (for the next test, on a reverted chain). */
  forget(): void
  close(): Promise<void>
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' })
  res.end(body === undefined ? undefined : JSON.stringify(body))
}

const checksummed = (a: unknown): a is Address =>
  typeof a === 'string' && isAddress(a, { strict: false }) && getAddress(a) === a
const decimal = (v: unknown): v is string => typeof v === 'string' && /^\d+$/.test(v)

export async function startSafeService(
  rpcUrl: string,
  opts: { apiKey?: string } = {},
): Promise<SafeServiceDouble> {
  const chain: PublicClient = createPublicClient({
    transport: http(rpcUrl, { retryCount: 0 }),
    cacheTime: 0,
  })
  const transactions: StoredTx[] = []
  const delegates: Delegate[] = []
  const posts: unknown[] = []

  /** ecrecover, computed by the chain's precompile at 0x01. */
  const recover = async (hash: Hex, signature: Hex): Promise<Address | undefined> => {
    if (!/^0x[0-9a-f]{130}$/i.test(signature)) return undefined
    const r: Hex = `0x${signature.slice(2, 66)}`
    const s: Hex = `0x${signature.slice(66, 130)}`
    let v = Number.parseInt(signature.slice(130, 132), 16)
    let digest = hash
    if (v > 30) {
      v -= 4
      digest = hashMessage({ raw: hash })
    }
    if (v !== 27 && v !== 28) return undefined
    const { data } = await chain.call({
      to: '0x0000000000000000000000000000000000000001',
      data: concat([digest, pad(toHex(v)), r, s]),
    })
    if (data === undefined || data === '0x') return undefined
    return getAddress(`0x${data.slice(-40)}`)
  }

  const executed = async (safe: Address): Promise<Set<string>> => {
    const logs = await chain.getContractEvents({
      address: safe,
      abi: SAFE,
      eventName: 'ExecutionSuccess',
      fromBlock: 0n,
    })
    return new Set(logs.map((l) => (l.args.txHash ?? '').toLowerCase()))
  }

  const view = (t: StoredTx, done: Set<string>) => ({
    ...t,
    isExecuted: done.has(t.safeTxHash.toLowerCase()),
    submissionDate: '2026-12-01T12:00:00Z',
  })

  function paged<T>(
    req: IncomingMessage,
    all: T[],
    path: string,
  ): { count: number; next: string | null; previous: null; results: T[] } {
    const q = new URL(req.url ?? '/', 'http://x').searchParams
    const limit = Math.min(Number(q.get('limit') ?? 100), double.pageSize)
    const offset = Number(q.get('offset') ?? 0)
    const results = all.slice(offset, offset + limit)
    return {
      count: all.length,
      next: offset + limit < all.length ? `${double.url}${path}?offset=${offset + limit}` : null,
      previous: null,
      results,
    }
  }

  async function propose(
    res: ServerResponse,
    safe: Address,
    body: Record<string, unknown>,
  ): Promise<void> {
    const errors: Record<string, string[]> = {}
    for (const f of ['to', 'gasToken', 'refundReceiver', 'sender'] as const)
      if (!checksummed(body[f])) errors[f] = ['Checksum address validation failed']
    for (const f of ['value', 'safeTxGas', 'baseGas', 'gasPrice'] as const)
      if (!decimal(body[f])) errors[f] = ['A valid integer is required.']
    if (body.operation !== 0 && body.operation !== 1)
      errors.operation = ['"operation" is not a valid choice.']
    if (typeof body.nonce !== 'number' || !Number.isInteger(body.nonce))
      errors.nonce = ['A valid integer is required.']
    if (typeof body.data !== 'string' || !/^0x([0-9a-f]{2})*$/i.test(body.data))
      errors.data = ['Invalid hex']
    if (
      typeof body.contractTransactionHash !== 'string' ||
      !/^0x[0-9a-f]{64}$/i.test(body.contractTransactionHash)
    )
      errors.contractTransactionHash = ['Invalid hash']
    if (typeof body.origin !== 'string' || body.origin.length > 200)
      errors.origin = ['Ensure this field has no more than 200 characters.']
    if (Object.keys(errors).length > 0) return send(res, 422, errors)
    const b = body as unknown as StoredTx & {
      contractTransactionHash: Hash
      sender: Address
      signature: Hex
    }
    const hash = await chain.readContract({
      address: safe,
      abi: SAFE,
      functionName: 'getTransactionHash',
      args: [
        b.to,
        BigInt(b.value),
        b.data,
        b.operation,
        BigInt(b.safeTxGas),
        BigInt(b.baseGas),
        BigInt(b.gasPrice),
        b.gasToken,
        b.refundReceiver,
        BigInt(b.nonce),
      ],
    })
    if (hash.toLowerCase() !== b.contractTransactionHash.toLowerCase())
      return send(res, 422, {
        nonFieldErrors: [
          `Contract-transaction-hash=${hash} does not match provided contract-tx-hash=${b.contractTransactionHash}`,
        ],
      })
    const onChainNonce = await chain.readContract({
      address: safe,
      abi: SAFE,
      functionName: 'nonce',
    })
    if (BigInt(b.nonce) < onChainNonce)
      return send(res, 422, {
        nonFieldErrors: [
          `Tx with nonce=${b.nonce} for safe=${safe} already executed in tx-hash=0x…`,
        ],
      })
    const owners = await chain.readContract({ address: safe, abi: SAFE, functionName: 'getOwners' })
    const isOwner = owners.includes(b.sender)
    const isDelegate = delegates.some(
      (d) =>
        d.delegate === b.sender &&
        (d.safe === null || d.safe === safe) &&
        owners.includes(d.delegator),
    )
    if (!isOwner && !isDelegate)
      return send(res, 422, {
        nonFieldErrors: [
          `Sender=${b.sender} is not an owner or delegate. Current owners=${JSON.stringify(owners)}. Delegates=[]`,
        ],
      })
    if ((await recover(hash, b.signature)) !== b.sender)
      return send(res, 422, {
        nonFieldErrors: [`Signature does not match sender=${b.sender}. Calculated owners=[]`],
      })
    let stored = transactions.find((t) => t.safeTxHash.toLowerCase() === hash.toLowerCase())
    if (stored === undefined) {
      stored = {
        safe,
        to: b.to,
        value: b.value,
        data: b.data,
        operation: b.operation,
        safeTxGas: b.safeTxGas,
        baseGas: b.baseGas,
        gasPrice: b.gasPrice,
        gasToken: b.gasToken,
        refundReceiver: b.refundReceiver,
        nonce: b.nonce,
        safeTxHash: hash,
        proposer: b.sender,
        proposedByDelegate: isOwner ? null : b.sender,
        origin: b.origin,
        confirmations: [],
        trusted: true,
      }
      transactions.push(stored)
    }
    if (isOwner && !stored.confirmations.some((c) => c.owner === b.sender))
      stored.confirmations.push({ owner: b.sender, signature: b.signature, signatureType: 'EOA' })
    if (double.afterPost === 'reset') {
      double.afterPost = undefined
      res.socket?.destroy()
      return
    }
    send(res, 201)
  }

  const double: SafeServiceDouble = {
    url: '',
    server: undefined as unknown as TestServer,
    transactions,
    delegates,
    posts,
    apiKey: opts.apiKey,
    pageSize: 100,
    forget() {
      transactions.length = 0
      posts.length = 0
      double.server.requests.length = 0
    },
    close: () => double.server.close(),
  }

  const server = await startServer(
    async (req, res, raw, n) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (applyFault(double.fault?.(n, url.pathname, req.method ?? ''), req, res)) return
      if (double.apiKey !== undefined && req.headers.authorization !== `Bearer ${double.apiKey}`)
        return send(res, 401, { detail: 'Authentication credentials were not provided.' })
      let m = /^\/api\/v2\/safes\/([^/]+)\/multisig-transactions\/$/.exec(url.pathname)
      if (m !== null) {
        const safe = m[1] ?? ''
        if (!checksummed(safe))
          return send(res, 422, {
            code: 1,
            message: 'Checksum address validation failed',
            arguments: [safe],
          })
        if (req.method === 'POST') {
          const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>
          posts.push(body)
          return propose(res, safe, body)
        }
        const done = await executed(safe)
        const gte = url.searchParams.get('nonce__gte')
        const ex = url.searchParams.get('executed')
        const all = transactions
          .filter((t) => t.safe === safe)
          .map((t) => view(t, done))
          .filter(
            (t) =>
              (gte === null || t.nonce >= Number(gte)) &&
              (ex === null || String(t.isExecuted) === ex),
          )
          .sort((a, b) => a.nonce - b.nonce)
        return send(res, 200, paged(req, all, url.pathname))
      }
      m = /^\/api\/v2\/multisig-transactions\/(0x[0-9a-fA-F]{64})\/$/.exec(url.pathname)
      if (m !== null && req.method === 'GET') {
        const t = transactions.find(
          (x) => x.safeTxHash.toLowerCase() === (m?.[1] ?? '').toLowerCase(),
        )
        if (t === undefined) return send(res, 404, { detail: 'Not found.' })
        return send(res, 200, view(t, await executed(t.safe)))
      }
      if (url.pathname === '/api/v2/delegates/' && req.method === 'GET') {
        const d = url.searchParams.get('delegate')
        return send(
          res,
          200,
          paged(
            req,
            delegates.filter((x) => d === null || x.delegate === d),
            url.pathname,
          ),
        )
      }
      send(res, 404, { detail: 'Not found.' })
    },
    (req, n) => double.early?.(n, req.method, req.url),
  )
  Object.assign(double, { url: `${server.url}/api`, server })
  return double
}

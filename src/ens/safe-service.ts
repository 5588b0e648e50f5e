/**
 * The Safe Transaction Service, as much of it as a proposal needs (docs/names/ens.md#service):
 * the Safe's pending queue, the delegates of a key, a proposal, and one transaction by its
 * safeTxHash. Through the project's HTTP client: bounded retries by the one policy (a 429 waits
 * as the service says), an API key sent as a bearer token and masked, pages read with
 * limit/offset up to a fixed count (the `next` links are not followed: they could name another
 * host, which would then get the key). A proposal is keyed by its safeTxHash, so after an
 * unclear failure the service is asked for it before it is sent again.
 */
import { getAddress, type Address, type Hash, type Hex } from 'viem'
import { createHttpClient, type HttpClient } from '../http/client.js'
import type { EnsDeps } from './types.js'

/** A transaction in the Safe's queue, as the service lists it. */
export interface QueuedTx {
  readonly safeTxHash: Hash
  readonly to: Address
  readonly value: string
  readonly data: Hex
  readonly operation: number
  readonly nonce: bigint
  readonly isExecuted: boolean
}

/** The proposal's body, as the service's serializer takes it (and as Safe's api-kit sends it). */
export interface Proposal {
  readonly to: Address
  readonly value: '0'
  readonly data: Hex
  readonly operation: 0
  readonly safeTxGas: '0'
  readonly baseGas: '0'
  readonly gasPrice: '0'
  readonly gasToken: Address
  readonly refundReceiver: Address
  readonly nonce: number
  readonly contractTransactionHash: Hash
  readonly sender: Address
  readonly signature: Hex
  readonly origin: string
}

export interface SafeService {
  /** Unexecuted transactions from `fromNonce` on, in every page up to the limit. */
  pending(safe: Address, fromNonce: bigint): Promise<QueuedTx[]>
  /** Whether `key` is a delegate, for this Safe or for all of an owner's, of one of `owners`. */
  isDelegate(safe: Address, key: Address, owners: readonly Address[]): Promise<boolean>
  propose(safe: Address, proposal: Proposal): Promise<void>
  get(safeTxHash: Hash): Promise<QueuedTx | undefined>
}

const PAGE = 100
/** The most pages read from one listing: 1,000 pending transactions. */
export const MAX_PAGES = 10

interface Page<T> {
  readonly count?: number
  readonly results: T[]
}

export function safeService(
  baseUrl: string,
  apiKey: string | undefined,
  deps: EnsDeps,
  input = 'ens-safe-api-key',
): SafeService {
  const key = apiKey?.trim()
  const headers: Record<string, string> = { accept: 'application/json' }
  if (key !== undefined && key !== '') {
    deps.setSecret(key)
    headers.authorization = `Bearer ${key}`
    deps.setSecret(headers.authorization)
  }
  const http: HttpClient = createHttpClient({
    provider: `Safe Transaction Service ${new URL(baseUrl).host}`,
    baseUrl,
    headers,
    credentials: [input],
    stallMs: deps.stallMs,
    retry: deps.retry,
    clock: deps.clock,
    redact: deps.redact,
    log: deps.log,
    maxBodyBytes: 16 << 20,
  })

  const tx = (raw: unknown): QueuedTx | undefined => {
    const t = raw as Record<string, unknown> | null
    if (t === null || typeof t !== 'object') return undefined
    const nonce = typeof t.nonce === 'number' || typeof t.nonce === 'string' ? String(t.nonce) : ''
    if (typeof t.safeTxHash !== 'string' || typeof t.to !== 'string' || !/^\d{1,30}$/.test(nonce))
      return undefined
    return {
      safeTxHash: t.safeTxHash.toLowerCase() as Hash,
      to: t.to as Address,
      value:
        typeof t.value === 'string' ? t.value : typeof t.value === 'number' ? String(t.value) : '',
      data: (typeof t.data === 'string' ? t.data : '0x').toLowerCase() as Hex,
      operation: typeof t.operation === 'number' ? t.operation : -1,
      nonce: BigInt(nonce),
      isExecuted: t.isExecuted === true,
    }
  }

  /**
   * Every page of a listing, by limit/offset: the offset moves by what came back (a service may
   * serve fewer than asked), and it ends at `count`, at an empty page, or after MAX_PAGES.
   */
  async function* pages<T>(
    path: string,
    query: Record<string, string>,
    tooMany: string,
  ): AsyncGenerator<T[]> {
    let offset = 0
    for (let page = 0; page < MAX_PAGES; page++) {
      const { value, response } = await http.json<Page<T>>({
        operation: 'safe-read',
        method: 'GET',
        path,
        query: { ...query, limit: String(PAGE), offset: String(offset) },
        signal: deps.signal,
      })
      if (value === null || typeof value !== 'object' || !Array.isArray(value.results))
        throw http.malformed(
          'safe-read',
          `the answer has no "results" list: ${http.said(response.text, 120)}`,
          response,
        )
      yield value.results
      offset += value.results.length
      const count = typeof value.count === 'number' ? value.count : undefined
      if (
        value.results.length === 0 ||
        (count !== undefined ? offset >= count : value.results.length < PAGE)
      )
        return
    }
    throw http.fail('safe-read', `the listing ${path} has more than ${MAX_PAGES} pages; ${tooMany}`)
  }

  async function get(safeTxHash: Hash): Promise<QueuedTx | undefined> {
    return http.request<QueuedTx | undefined>(
      {
        operation: 'safe-read',
        method: 'GET',
        path: `/v2/multisig-transactions/${safeTxHash}/`,
        accept: [404],
        signal: deps.signal,
      },
      (res) => (res.status === 404 ? undefined : tx(http.parse<unknown>('safe-read', res))),
    )
  }

  return {
    async pending(safe, fromNonce) {
      const out: QueuedTx[] = []
      const path = `/v2/safes/${getAddress(safe)}/multisig-transactions/`
      const query = { executed: 'false', nonce__gte: fromNonce.toString(), ordering: 'nonce' }
      for await (const page of pages<unknown>(
        path,
        query,
        'give "ens-safe-nonce" to choose the nonce',
      ))
        for (const raw of page) {
          const t = tx(raw)
          if (t !== undefined && !t.isExecuted && t.nonce >= fromNonce) out.push(t)
        }
      return out
    },
    async isDelegate(safe, delegate, owners) {
      const own = new Set(owners.map((o) => o.toLowerCase()))
      for await (const page of pages<Record<string, unknown>>(
        '/v2/delegates/',
        { delegate: getAddress(delegate) },
        'use an owner key instead',
      ))
        for (const d of page) {
          const forSafe =
            d.safe === null ||
            d.safe === undefined ||
            (typeof d.safe === 'string' && d.safe.toLowerCase() === safe.toLowerCase())
          const by = typeof d.delegator === 'string' && own.has(d.delegator.toLowerCase())
          const live =
            typeof d.expiryDate !== 'string' ||
            Date.parse(d.expiryDate) > (deps.clock?.now() ?? Date.now())
          if (
            forSafe &&
            by &&
            live &&
            typeof d.delegate === 'string' &&
            d.delegate.toLowerCase() === delegate.toLowerCase()
          )
            return true
        }
      return false
    },
    get,
    async propose(safe, proposal) {
      await http.send({
        operation: 'safe-propose',
        method: 'POST',
        path: `/v2/safes/${getAddress(safe)}/multisig-transactions/`,
        headers: { 'content-type': 'application/json' },
        body: () => JSON.stringify(proposal),
        signal: deps.signal,
        // A proposal the service already holds is the one we meant to make.
        recover: async () =>
          (await get(proposal.contractTransactionHash)) !== undefined
            ? { status: 201, headers: {}, text: '', trailers: {} }
            : undefined,
      })
    },
  }
}

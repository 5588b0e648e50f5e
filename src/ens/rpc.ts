/**
 * The Ethereum JSON-RPC under viem, sent by the project's one HTTP client (src/http/client.ts):
 * every request is bounded by its stall limit and retried by the one policy (`rpc-read`,
 * `rpc-send` in src/http/policy.ts), so viem's own retries are off. A JSON-RPC error that
 * means "slow down" (-32005, -32007, 429) is retried like an HTTP 429; any other is handed to
 * viem as viem's own `RpcRequestError`, so its error classes (a revert, too little gas) hold.
 * A signed transaction has one hash however often it is sent: after an unclear failure the node
 * is asked for that hash before sending it again. The URL (which often holds an API key) is a
 * secret: only its host names the endpoint in messages (docs/names/ens.md#rpc).
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  ExecutionRevertedError,
  RpcRequestError,
  createPublicClient,
  custom,
  keccak256,
  type Hash,
  type Hex,
  type PublicClient,
} from 'viem'
import { InputError } from '../errors.js'
import { ProviderError } from '../errors.js'
import { createHttpClient, type HttpResponse } from '../http/client.js'
import { OPERATIONS, isTransientStatus } from '../http/policy.js'
import { EnsError } from './errors.js'
import type { EnsDeps } from './types.js'

/** JSON-RPC error codes that mean "too many requests": retried, never final. */
const SLOW_DOWN = new Set([-32005, -32007, 429])

interface RpcAnswer {
  readonly id?: unknown
  readonly result?: unknown
  readonly error?: { code: number; message: string; data?: unknown }
}

export interface Rpc {
  readonly client: PublicClient
  /** `RPC <host>`: how messages name the endpoint. */
  readonly label: string
  /** Sends a signed transaction; its hash (computed here) comes back. */
  sendRaw(raw: Hex): Promise<Hash>
}

/** Registers every part of the URL that could be a credential, then returns its label. */
function maskUrl(raw: string, setSecret: (v: string) => void, input: string): URL {
  setSecret(raw)
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw new InputError(input, `Input "${input}" is not a URL (its value is a secret, not shown).`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InputError(
      input,
      `Input "${input}" must be an http(s) URL (its value is a secret, not shown).`,
    )
  for (const part of [url.username, url.password, url.search.slice(1)])
    if (part !== '') setSecret(part)
  if (url.pathname.length > 1) setSecret(url.pathname)
  // Keys sit in paths (`/v3/<key>`), query values and sometimes host labels.
  const pieces = [
    ...url.pathname.split('/'),
    ...url.hostname.split('.'),
    ...url.searchParams.values(),
  ]
  for (const piece of pieces) if (piece.length >= 16) setSecret(decodeURIComponent(piece))
  return url
}

export function connect(rpcUrl: string, deps: EnsDeps, input = 'ens-rpc-url'): Rpc {
  const url = maskUrl(rpcUrl, deps.setSecret, input)
  const label = deps.redact(`RPC ${url.hostname}`)
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (url.username !== '' || url.password !== '') {
    const basic = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    deps.setSecret(basic)
    headers.authorization = basic
  }
  const http = createHttpClient({
    provider: label,
    baseUrl: url.origin,
    headers,
    stallMs: deps.stallMs,
    retry: deps.retry,
    clock: deps.clock,
    redact: deps.redact,
    log: deps.log,
    maxBodyBytes: 8 << 20,
  })
  let ids = 0

  const decode =
    (operation: 'rpc-read' | 'rpc-send', id: number) =>
    (res: HttpResponse): RpcAnswer => {
      const answer = http.parse<RpcAnswer>(operation, res)
      const ok =
        answer !== null &&
        typeof answer === 'object' &&
        answer.id === id &&
        ('result' in answer ||
          (typeof answer.error === 'object' && typeof answer.error?.code === 'number'))
      if (!ok)
        throw http.malformed(
          operation,
          `the answer is not a JSON-RPC response to request ${id}: ${http.said(res.text, 120)}`,
          res,
        )
      if (answer.error !== undefined && SLOW_DOWN.has(answer.error.code)) {
        const reason = `JSON-RPC error ${answer.error.code}: ${http.said(String(answer.error.message), 160)}`
        throw new ProviderError(
          label,
          operation,
          deps.redact(`${label}: ${OPERATIONS[operation].doing} failed: ${reason}`),
          {
            // No status: the HTTP answer was fine, the JSON-RPC error is what is shown.
            kind: 'status',
            transient: true,
            notSent: true,
            reason,
          },
        )
      }
      return answer
    }

  /** A JSON-RPC error answer: taken as an answer whatever the HTTP status, unless the status is transient. */
  const rpcError = (status: number, text: string): boolean => {
    if (isTransientStatus(status)) return false
    try {
      const v = JSON.parse(text) as RpcAnswer
      return typeof v?.error?.code === 'number'
    } catch {
      return false
    }
  }

  async function call(
    method: string,
    params: unknown,
    recover?: () => Promise<RpcAnswer | undefined>,
  ): Promise<unknown> {
    const id = ++ids
    const operation = method === 'eth_sendRawTransaction' ? 'rpc-send' : 'rpc-read'
    const body = JSON.stringify({ jsonrpc: '2.0', id, method, params: params ?? [] })
    const answer = await http.request<RpcAnswer>(
      {
        operation,
        method: 'POST',
        path: url.pathname + url.search,
        body: () => body,
        accept: rpcError,
        signal: deps.signal,
        ...(recover !== undefined ? { recover } : {}),
      },
      decode(operation, id),
    )
    if (answer.error !== undefined)
      throw new RpcRequestError({ body: { method }, error: answer.error, url: label })
    return answer.result
  }

  const client = createPublicClient({
    transport: custom(
      {
        request: ({ method, params }: { method: string; params?: unknown }) => call(method, params),
      },
      { retryCount: 0 },
    ),
    // Block numbers and the like are read fresh each time: the wait loop keeps its own clock.
    cacheTime: 0,
    // No CCIP-read (ERC-3668): a contract must not make this client fetch URLs it names.
    ccipRead: false,
  }) as PublicClient

  return {
    client,
    label,
    async sendRaw(raw) {
      const hash = keccak256(raw)
      const recover = async (): Promise<RpcAnswer | undefined> =>
        (await call('eth_getTransactionByHash', [hash])) != null ? { result: hash } : undefined
      await call('eth_sendRawTransaction', [raw], recover)
      return hash
    },
  }
}

/** The project's error in a viem error's causes (a request that failed after its retries), if any. */
export function providerErrorIn(err: unknown): ProviderError | undefined {
  if (err instanceof ProviderError) return err
  if (err instanceof BaseError) {
    const found = err.walk((e) => e instanceof ProviderError)
    return found instanceof ProviderError ? found : undefined
  }
  return undefined
}

/**
 * Any failure of a read or write as an `EnsError` for `name`: an RPC that failed after its
 * retries names its host and what it was doing; a viem error gives its short message. Masked.
 */
export function rpcFailure(
  err: unknown,
  name: string,
  doing: string,
  redact: (t: string) => string,
  hash?: string,
): Error {
  if (err instanceof EnsError || err instanceof InputError) return err
  const pe = providerErrorIn(err)
  const why =
    pe !== undefined
      ? pe.message
      : err instanceof BaseError
        ? `${err.shortMessage}${err.details !== undefined && err.details !== '' ? ` (${err.details})` : ''}`
        : err instanceof Error
          ? err.message
          : String(err)
  const sent =
    hash !== undefined
      ? ` The transaction ${hash} was sent and may still be mined: follow it by its hash.`
      : ''
  return new EnsError(
    pe?.operation.startsWith('safe-') === true ? 'safe' : 'rpc',
    name,
    `${redact(`ENS name ${name}: ${doing} failed: ${why}`).slice(0, 800)}${sent}`,
    {
      cause: err,
      ...(hash !== undefined ? { hash } : {}),
    },
  )
}

/**
 * Whether a call failed because the contract reverted (or returned nothing), as opposed to the
 * request failing: viem's classes and the JSON-RPC code 3, never message text.
 */
export function isRevert(err: unknown): boolean {
  if (!(err instanceof BaseError) || providerErrorIn(err) !== undefined) return false
  return (
    err.walk(
      (e) =>
        e instanceof ContractFunctionRevertedError ||
        e instanceof ContractFunctionZeroDataError ||
        e instanceof ExecutionRevertedError ||
        (e instanceof RpcRequestError && e.code === 3),
    ) !== null
  )
}

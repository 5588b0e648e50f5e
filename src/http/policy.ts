/**
 * How failures are treated, decided by operation, in one place. Every request names one of
 * these operations; the HTTP client (client.ts) asks this table whether a failure is worth
 * another attempt. Nothing else decides it.
 *
 * - `idempotent`: repeating it cannot do harm (status, list, unpin, labels, pin-by-CID on
 *   services that keep one pin per CID, uploads whose result is keyed by content). Retried on
 *   408/425/429/5xx, resets, stalls, truncated or malformed bodies, and a provider's own JSON
 *   500 unless its words mark a permanent input error (`isPermanentError`).
 * - `upload`: as `idempotent`, but an HTML page where the answer should be (a proxy or login
 *   page with status 200) is retried once only: a re-upload of a large folder is costly.
 * - `create`: makes a new record each time it is sent (a pin request that gets a new request id
 *   every time). Never sent again blindly: after a failure the service may have accepted it (a reset
 *   once the body was sent, a 5xx, a 2xx with a broken body), the caller's `recover` looks the
 *   record up and it is adopted; only when the service certainly did not take it (429, 408, a
 *   refused connection), or the lookup finds nothing, is it sent again. Without a `recover`,
 *   one attempt.
 * - `probe`: a read whose refusal the caller answers another way (a service that refuses a
 *   filter is asked without it): an HTTP answer is final at once, but a reset, a stall or a
 *   broken body is retried as `idempotent`.
 */

export type RetryKind = 'idempotent' | 'upload' | 'create' | 'probe'

export interface OperationPolicy {
  /** What the call is doing, for messages: "<provider>: uploading the CAR failed: …". */
  readonly doing: string
  readonly retry: RetryKind
  /** Statuses that mean "not yet" for this operation only (a gateway's 404 while content spreads). */
  readonly alsoTransient?: readonly number[]
  /** What a redirect asks the user to check, when not `the API URL`. */
  readonly checkUrl?: string
}

const GATEWAY_URL = 'the gateway URL ("check-gateways")'

export const OPERATIONS = {
  'upload-car': { doing: 'uploading the CAR', retry: 'upload' },
  'upload-files': { doing: 'uploading the files', retry: 'upload' },
  // A part of a multipart or resumable upload: sent again as it is, to the same place.
  'upload-part': { doing: 'uploading a part of the CAR', retry: 'upload' },
  // Completing an upload that may already have completed: looked up before it is sent again.
  'upload-finish': { doing: 'completing the upload', retry: 'create' },
  pin: { doing: 'pinning the CID', retry: 'idempotent' },
  'create-pin': { doing: 'creating the pin request', retry: 'create' },
  'replace-pin': { doing: 'replacing the pin request', retry: 'create' },
  status: { doing: 'reading the pin status', retry: 'idempotent' },
  list: { doing: 'listing pins', retry: 'idempotent' },
  'list-probe': { doing: 'listing pins by label', retry: 'probe' },
  'read-labels': { doing: 'reading the labels of the existing pin', retry: 'idempotent' },
  'write-labels': { doing: 'writing the labels', retry: 'idempotent' },
  unpin: { doing: 'unpinning', retry: 'idempotent' },
  origins: { doing: 'reading the peer addresses', retry: 'idempotent' },
  'github-read': { doing: 'reading from GitHub', retry: 'idempotent' },
  'github-update': { doing: 'updating GitHub', retry: 'idempotent' },
  'github-create': { doing: 'creating on GitHub', retry: 'create' },
  retrieve: {
    doing: 'fetching the content',
    retry: 'idempotent',
    alsoTransient: [404, 412],
    checkUrl: GATEWAY_URL,
  },
  'gateway-probe': { doing: 'probing the gateway', retry: 'probe', checkUrl: GATEWAY_URL },
  'dns-read': { doing: 'reading DNS records', retry: 'idempotent' },
  'dns-write': { doing: 'writing the DNS record', retry: 'idempotent' },
  'dns-create': { doing: 'creating the DNS record', retry: 'create' },
  // Putting the same signed record again is harmless: routers and peers keep the better one.
  'ipns-read': { doing: 'reading the IPNS record', retry: 'idempotent' },
  'ipns-publish': { doing: 'publishing the IPNS record', retry: 'idempotent' },
  'ipns-resolve': { doing: 'resolving the IPNS name', retry: 'idempotent' },
  // Ethereum JSON-RPC (src/ens/rpc.ts): reads, and a signed transaction, which has one hash
  // however often it is sent: after an unclear failure the node is asked for that hash.
  'rpc-read': { doing: 'calling the Ethereum RPC', retry: 'idempotent' },
  'rpc-send': { doing: 'sending the transaction', retry: 'create' },
  // Safe Transaction Service (src/ens/safe-service.ts): a proposal is keyed by its safeTxHash.
  'safe-read': { doing: 'reading from the Safe Transaction Service', retry: 'idempotent' },
  'safe-propose': { doing: 'proposing the Safe transaction', retry: 'create' },
} as const satisfies Record<string, OperationPolicy>

export type Operation = keyof typeof OPERATIONS

/** Statuses worth another attempt: timeouts, rate limits, and server-side trouble. */
const TRANSIENT_STATUS = new Set([408, 425, 429, 500, 502, 503, 504, 507, 520, 521, 522, 523, 524])

export const isTransientStatus = (status: number): boolean => TRANSIENT_STATUS.has(status)

/**
 * AWS answers a request it refused to take *now* with a 400 and an error code in its XML body:
 * `Throttling` (the account's request rate), `PriorRequestNotComplete` (a DNS zone still applying
 * the previous change), and kin. The request was not applied: retried by this same policy.
 */
const THROTTLED_CODES =
  /<Code>(Throttling|ThrottlingException|ThrottledException|RequestLimitExceeded|RequestThrottled|PriorRequestNotComplete|SlowDown)<\/Code>/

export const isThrottled = (status: number, body: string): boolean =>
  status === 400 && THROTTLED_CODES.test(body)

/**
 * A provider's error words that mark a permanent input error: sending the same request again
 * gives the same answer. Kept small on purpose: everything else a 5xx says (`dial tcp …:
 * connection refused` while a node restarts, `context deadline exceeded`) is transient.
 */
const PERMANENT_WORDS = [
  /\binvalid (car|cid|path|multihash|argument)\b/i,
  /\b(car|cid|path)\b[^.]{0,40}\b(is )?(invalid|malformed)\b/i,
  /\bmalformed (car|cid)\b/i,
  /\b(failed to|cannot|could not) (decode|parse) (the )?(car|cid|path)\b/i,
  /\bunsupported car version\b/i,
  /\b(exactly|only) one (dag )?root\b/i,
]

export function isPermanentError(body: string): boolean {
  return PERMANENT_WORDS.some((re) => re.test(body))
}

/**
 * Network error codes. `notSent` ones mean the request never reached the service (the
 * connection was refused or the name did not resolve): safe to send again even for `create`.
 */
export const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
])
export const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
])

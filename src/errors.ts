/**
 * The named error family. Every failure the user can act on is one of these, so the single
 * failure boundary in `main.ts` can print it without a stack trace, and tests can match on it.
 */

/** Bad input: names the input, quotes the value, lists what is allowed. Raised before any network call. */
export class InputError extends Error {
  override readonly name: string = 'InputError'
  constructor(
    /** The input name as in action.yml (kebab-case). */
    readonly input: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/** The artifacts cannot be published as they are (a symlink leaving `path`, an unreadable file…). */
export class ContentError extends Error {
  override readonly name: string = 'ContentError'
  constructor(
    message: string,
    /** The offending path, relative to `path` where possible. */
    readonly entry?: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/** Quotes a value for an error message: JSON-style, and cut short when long. */
export function quote(value: string, max = 120): string {
  const s = value.length > max ? `${value.slice(0, max)}…` : value
  return JSON.stringify(s)
}

/** `a`, `a` or `b`, `a`, `b` or `c`, with backticks. */
export function listAllowed(values: readonly string[]): string {
  const q = values.map((v) => `"${v}"`)
  if (q.length <= 1) return q.join('')
  return `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** How a provider call failed: what the retry policy (src/http/policy.ts) decides on. */
export type FailureKind =
  /** An HTTP status that is not success. */
  | 'status'
  /** The connection failed or broke (reset, refused, cut mid-body). */
  | 'network'
  /** No byte moved for `request-timeout`. */
  | 'stall'
  /** The answer came, but is not what the API sends (not JSON, truncated, wrong shape). */
  | 'malformed'
  /** An HTML page where an API answer should be (a proxy's or a login page). */
  | 'html'
  /** The run's own limit or the caller stopped it. */
  | 'aborted'
  /** The service answered, and the answer is a failure that a repeat would not change. */
  | 'final'

/**
 * A provider call that failed: which provider, which operation, the HTTP status if there was
 * one, and a truncated, secret-free body. `transient` says whether trying again may help; the
 * operation's policy decides whether it is tried again.
 */
export class ProviderError extends Error {
  override readonly name: string = 'ProviderError'
  /** How many attempts were made, set by the retry helper. */
  attempts = 1
  readonly status?: number
  /** Response body, truncated and with secrets masked. */
  readonly body?: string
  readonly kind: FailureKind
  readonly transient: boolean
  /** The request certainly did not reach the service (connection refused, 429): safe to resend. */
  readonly notSent: boolean
  /** What the service asked us to wait (Retry-After, X-RateLimit-Reset), if anything. */
  readonly retryAfterMs?: number
  /**
   * The failure alone, without the "provider: operation failed:" prefix (and, like the message,
   * with why the retries stopped when they stopped early).
   */
  reason: string
  constructor(
    readonly provider: string,
    readonly operation: string,
    message: string,
    details: {
      status?: number
      body?: string
      kind?: FailureKind
      transient: boolean
      notSent?: boolean
      retryAfterMs?: number
      reason?: string
    },
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.status = details.status
    this.body = details.body
    this.kind = details.kind ?? 'final'
    this.transient = details.transient
    this.notSent = details.notSent ?? false
    this.retryAfterMs = details.retryAfterMs
    this.reason = details.reason ?? message
  }

  /** A few words for retry log lines: `HTTP 503`, or the reason's first clause. */
  short(): string {
    return this.status !== undefined && this.kind === 'status'
      ? `HTTP ${this.status}`
      : (this.reason.split(/\. |[(;]/)[0] ?? this.reason).trim()
  }
}

/** Providers failed as the `required-providers` policy does not allow. */
export class DeployError extends Error {
  override readonly name: string = 'DeployError'
}

/**
 * What to say when a provider reports another CID. For content built here the likely causes are
 * the import settings; for a CID given in `cid`, the provider pinned something else.
 */
export function mismatchMessage(
  provider: string,
  reported: string,
  local: string,
  profile: string | undefined,
): string {
  if (profile === undefined)
    return (
      `${provider} reported CID ${reported} for the CID ${local} it was asked to pin (input "cid"): it does not hold ` +
      `that content. Check the value given in "cid" and the provider's answer. Set verify: warn to accept it.`
    )
  return (
    `${provider} reported CID ${reported}, but the CID computed locally is ${local}. The content the provider holds is not the ` +
    `content built here. Likely causes: the provider built the DAG with other import parameters (this run used cid-profile ` +
    `${profile}), hidden files were included differently (hidden-files), or one side wrapped the content in a directory ` +
    `(wrap-with-directory). Set verify: warn to accept it.`
  )
}

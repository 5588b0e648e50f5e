/**
 * The ENS module's one error class. Every failure it can explain is an `EnsError` whose `reason`
 * says which (tests and the run's summary match on it) and whose message starts with the ENS
 * name it concerns. Messages are built from our own words, addresses and masked, cut service
 * text: never a key, an RPC URL or an API key (the caller's `redact` runs over each one).
 */

export type EnsFailure =
  /** The RPC serves another chain than the one configured. */
  | 'wrong-chain'
  /** The name has no resolver of its own (unset, or only a parent's). */
  | 'no-resolver'
  /** The resolver cannot hold a contenthash (no ERC-165 `contenthash` interface). */
  | 'unsupported-resolver'
  /** The signer (or the Safe) may not change the name's records on its resolver. */
  | 'not-authorised'
  /** A wrapped name past its expiry: nobody may write it until it is renewed. */
  | 'expired'
  /** The fees the network asks now are above `max-fee-per-gas`. */
  | 'fee-cap'
  /** The signer cannot pay for the gas at the fee cap. */
  | 'insufficient-funds'
  /** The signer has a transaction in flight: another one would queue behind it. */
  | 'pending-transaction'
  /** The transaction was mined and reverted. */
  | 'reverted'
  /** Another transaction with the same nonce was mined instead. */
  | 'replaced'
  /** Not confirmed within the time allowed (it may still be mined). */
  | 'timeout'
  /** Mined, but reading the record back does not give the value written. */
  | 'not-applied'
  /** The Ethereum RPC failed after its retries, or answered what a node does not. */
  | 'rpc'
  /** The Safe or its Transaction Service refused or failed. */
  | 'safe'

export class EnsError extends Error {
  override readonly name: string = 'EnsError'
  constructor(
    readonly reason: EnsFailure,
    /** The normalised ENS name (or the input, when it did not normalise). */
    readonly ensName: string,
    message: string,
    options?: ErrorOptions & {
      /** A transaction hash or safeTxHash the failure concerns (a timeout still has one). */
      hash?: string
    },
  ) {
    super(message, options)
    this.hash = options?.hash
  }
  readonly hash?: string
}

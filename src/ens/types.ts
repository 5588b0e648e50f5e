/**
 * What the ENS module's callers pass and get back (types only). The run's name step builds the
 * options from its inputs and the deps from the run (the providers' `ProviderDeps`, plus the
 * run's signal and warning sink); every result is one typed value the summary can print.
 */
import type { Address, Hash, Hex } from 'viem'
import type { ProviderDeps } from '../http/deps.js'
import type { EnsChain } from './chain.js'
import type { EnsChecked } from './checked.js'
import type { DecodedContenthash } from './contenthash.js'

export interface EnsDeps extends ProviderDeps {
  /** The run's limit: every request and wait stops with it. */
  readonly signal?: AbortSignal
  /** Warnings worth an annotation (experimental chain, name expiring soon, raw root). */
  readonly warn?: (message: string) => void
  /** How often a receipt is polled while waiting for confirmations; default 4 s. */
  readonly pollMs?: number
  /** What this run already read (src/ens/checked.ts): not read again. */
  readonly checked?: EnsChecked
}

/** Where a name lives: the name as typed, the chain, and the RPC URL (a secret). */
export interface EnsTarget {
  readonly name: string
  readonly chain: EnsChain
  readonly rpcUrl: string
  /** Input names for messages (the run's inputs); defaults `ens-name`, `ens-rpc-url`. */
  readonly inputs?: Partial<Record<'name' | 'rpcUrl' | 'key' | 'safe' | 'value', string>>
}

/** A name's record as read from its own resolver. */
export interface ContenthashState {
  /** ENSIP-15 normalised. */
  readonly name: string
  readonly node: Hex
  readonly resolver: Address
  /** The record now (`protocol: 'none'` when empty). */
  readonly current: DecodedContenthash
  /** `https://<name>.limo/` for `.eth` names. */
  readonly gatewayUrls: readonly string[]
}

export interface WriteOptions extends EnsTarget {
  /** `ipfs://<cid>` (or a bare CID) or `ipns://<name>`. */
  readonly value: string
  /** Check everything, simulate the write, send nothing. */
  readonly dryRun?: boolean
}

export interface SetContenthashOptions extends WriteOptions {
  /** The deployer key (a secret): 32 bytes hex, with or without 0x. */
  readonly privateKey: string
  /** Blocks to wait for after inclusion counting it (default 1). */
  readonly confirmations?: number
  /** Never pay more than this per gas (wei): fail instead, before signing. */
  readonly maxFeePerGas?: bigint
  /** How long to wait for the confirmations (default 5 min). */
  readonly waitMs?: number
}

/** The fees a transaction was (or would be) sent with. */
export interface Fees {
  readonly gas: bigint
  readonly maxFeePerGas: bigint
  readonly maxPriorityFeePerGas: bigint
}

export type SetContenthashResult = ContenthashState & {
  readonly signer: Address
  /** The record written (or that would be), as the resolver stores it. */
  readonly contenthash: Hex
  readonly value: string
} & (
    | { readonly status: 'unchanged' }
    | { readonly status: 'simulated'; readonly fees: Fees }
    | {
        readonly status: 'set'
        readonly txHash: Hash
        readonly blockNumber: bigint
        readonly fees: Fees
        readonly gasUsed: bigint
        readonly previous: DecodedContenthash
      }
  )

export interface ProposeContenthashOptions extends WriteOptions {
  /** The Safe that owns the name (or is approved on its resolver); `eth:0x…` accepted. */
  readonly safe: string
  /** A key of one of the Safe's owners, or of a delegate registered with the service (a secret). */
  readonly signerKey: string
  /** Sent as `Authorization: Bearer …` (a secret); without it the service's shared quota applies. */
  readonly safeApiKey?: string
  /** Propose at this nonce instead of choosing one (docs/names/ens.md#safe-nonce). */
  readonly safeNonce?: number
  /** The proposal's `origin` (≤ 200 characters): who proposed it, the run's URL. */
  readonly origin?: string
  /** The Safe web app, for links; default `https://app.safe.global`. */
  readonly appUrl?: string
}

export type ProposeContenthashResult = ContenthashState & {
  readonly safe: Address
  readonly signer: Address
  readonly contenthash: Hex
  readonly value: string
} & (
    | { readonly status: 'unchanged' }
    | ({
        /** `simulated`: built and signed, not sent (dry run); `already-proposed`: a pending proposal holds this exact change. */
        readonly status: 'simulated' | 'proposed' | 'already-proposed'
        readonly safeTxHash: Hash
        readonly nonce: bigint
        readonly threshold: number
        /** An owner's signature counts as a confirmation; a delegate's does not. */
        readonly signerRole: 'owner' | 'delegate'
      } & SafeLinks)
  )

export interface SafeLinks {
  /** The Safe's queue in the web app (chains Safe serves). */
  readonly queueUrl?: string
  /** The one transaction in the web app. */
  readonly txUrl?: string
}

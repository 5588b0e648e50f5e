/**
 * What a run already read about its ENS setup (docs/names/ens.md#preflight): the check before
 * the upload (`ensPreflight`) and the names step share one of these through `EnsDeps.checked`,
 * so the names step does not read again what does not change within a run: that the RPC serves
 * the chain, that a resolver holds contenthash records, a Safe's version, owners and threshold
 * and the signer's standing there (the Transaction Service call), and the expiry warning. What
 * can change meanwhile is read again at the names step: the name's resolver and record, the
 * write's simulation, the signer's nonce, fees and balance, the Safe's nonce and queue.
 */
import type { Address } from 'viem'

/** A Safe as read for one signer. */
export interface SafeStanding {
  readonly version: string
  readonly owners: readonly Address[]
  readonly threshold: number
  readonly role: 'owner' | 'delegate'
}

export interface EnsChecked {
  /** RPC URL and chain id pairs whose chain id was read and matched. */
  readonly chains: Set<string>
  /** Resolvers (lower-case addresses) that said they support contenthash (ERC-165). */
  readonly resolvers: Set<string>
  /** `<safe>|<signer>` (lower case): the Safe read and the signer's standing with it. */
  readonly safes: Map<string, SafeStanding>
  /** Names whose expiry was checked (and warned about, if near). */
  readonly expiry: Set<string>
}

export function ensChecked(): EnsChecked {
  return { chains: new Set(), resolvers: new Set(), safes: new Map(), expiry: new Set() }
}

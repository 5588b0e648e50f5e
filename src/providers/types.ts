/**
 * The provider contract (types only). One file per provider implements it as a factory that
 * returns a plain object; capability flags say which operations exist. Every call takes an
 * AbortSignal. CIDs reported by a provider are returned as the provider gave them: verifying
 * them against the local CID is the caller's job, in one place.
 */
import type { CID } from 'multiformats/cid'
import type { ProviderConfig, ProviderId } from '../config/config.js'
import type { ImportParams } from '../content/profiles.js'
import type { RetryPolicy } from '../http/retry.js'

export interface CallOptions {
  readonly signal?: AbortSignal
}

/** The CAR written locally: what CAR-capable providers receive byte for byte. */
export interface CarFile {
  readonly path: string
  readonly size: number
  readonly root: CID
}

/** How a pin is labelled so it can be found again (name, and metadata where supported). */
export interface PinTags {
  readonly name: string
  readonly metadata: Readonly<Record<string, string>>
}

export type PinState = 'queued' | 'pinning' | 'pinned' | 'failed' | 'absent'

/** A pin as a provider reports it. */
export interface PinInfo {
  /** The CID the provider reports, as a string (compared with the local one by the caller). */
  readonly cid: string
  /** The provider's own handle when it is not the CID (PSA request id, AIOZ pin id). */
  readonly id?: string
  readonly state: PinState
  /** The provider's words about a failure or a pending state. */
  readonly detail?: string
}

export type UnpinOutcome = 'removed' | 'absent' | 'released-for-this-key'

export interface Capabilities {
  /** Takes the CAR itself: the DAG and CID are exactly the local ones. */
  readonly uploadCar: boolean
  /** Pins a CID that is already reachable on the network. */
  readonly pinByCid: boolean
  readonly status: boolean
  readonly unpin: boolean
}

export interface Provider {
  readonly id: ProviderId
  readonly capabilities: Capabilities
  /** When the provider builds the DAG itself from uploaded files: the parameters it uses. */
  readonly importParams?: ImportParams
  uploadCar?(car: CarFile, tags: PinTags, opts?: CallOptions): Promise<PinInfo>
  pin?(cid: CID, tags: PinTags, opts?: CallOptions): Promise<PinInfo>
  status?(pin: Pick<PinInfo, 'cid' | 'id'>, opts?: CallOptions): Promise<PinInfo>
  unpin?(pin: Pick<PinInfo, 'cid' | 'id'>, opts?: CallOptions): Promise<UnpinOutcome>
}

/** What every provider factory gets besides its own config. */
export interface ProviderDeps {
  readonly stallMs: number
  readonly retry: RetryPolicy
  readonly redact: (text: string) => string
  readonly log?: (message: string) => void
  /** Registers a secret derived inside the provider (a header value, an echoed key). */
  readonly setSecret: (value: string) => void
}

export type ProviderFactory<C extends ProviderConfig = ProviderConfig> = (
  config: C,
  deps: ProviderDeps,
) => Provider

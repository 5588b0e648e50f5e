/**
 * The provider contract (types only). One file per provider exports a descriptor
 * (`defineProvider`: id, inputs, traits, how to read its options, `create`) whose factory returns
 * a plain object; which operations exist is which methods it has. Every call takes an
 * AbortSignal. CIDs reported by a provider are returned as the provider gave them: verifying
 * them against the local CID is the caller's job, in one place.
 */
import type { CID } from 'multiformats/cid'
import type { InputName } from '../inputs/action-spec.generated.js'
import type { ImportParams, ProfileName } from '../content/profiles.js'
import type { CallOptions, ProviderDeps } from '../http/deps.js'
import type { PinTags } from '../tags.js'
import type { Plugin } from '../inputs/plugin.js'

export type { CallOptions, PinTags, ProviderDeps }

/** Pin-by-CID options: where the content can be fetched from, for services that take hints. */
export interface PinOptions extends CallOptions {
  /** Multiaddrs of peers holding the content (PSA `origins`; pin-only services only). */
  readonly origins?: readonly string[]
}

/** The CAR written locally: what CAR-capable providers receive byte for byte. */
export interface CarFile {
  readonly path: string
  readonly size: number
  readonly root: CID
}

/** One file of a multipart upload. */
export interface UploadFile {
  /** Path relative to the content root, `/`-separated. */
  readonly rel: string
  readonly abs: string
  readonly size: number
}

/**
 * The content as files, for providers that build the DAG themselves from a multipart upload
 * (Pinata, AIOZ). The run's CID profile is one they produce (see SERVER_IMPORT), so the CID
 * they report must equal the local one.
 */
export interface FileUpload {
  /** The file's name, or the directory's: the common root folder of every part. */
  readonly name: string
  readonly kind: 'file' | 'dir'
  /** Every file, in byte order of `rel`; for a file root, one entry named `name`. */
  readonly files: readonly UploadFile[]
  readonly wrapWithDirectory: boolean
  readonly params: ImportParams
  /** The CID computed locally: lets a provider find its earlier pin when it says "exists". */
  readonly expected?: string
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

/** A pin found by listing, with the labels it carries. */
export interface ListedPin extends PinInfo {
  readonly name?: string
  readonly metadata: Readonly<Record<string, string>>
  /** When it was pinned, ISO 8601, if the provider says. */
  readonly created?: string
}

/**
 * Which pins to list: exact name, every metadata pair given, pins whose scope label claims
 * `scope`, pins of `cid` (matched client-side too, whatever the service filtered).
 */
export interface ListFilter {
  readonly name?: string
  readonly metadata?: Readonly<Record<string, string>>
  readonly scope?: string
  readonly cid?: string
}

export type UnpinOutcome = 'removed' | 'absent' | 'released-for-this-key'

/** What unpinning a CID did: the outcome, and the records removed where a service keeps several. */
export interface UnpinResult {
  readonly outcome: UnpinOutcome
  /** Ids of the records removed (PSA request ids: one CID may have many). */
  readonly ids?: readonly string[]
}

/** What a provider can do: derived from the methods it has (see `capabilitiesOf`). */
export interface Capabilities {
  /** Takes the CAR itself: the DAG and CID are exactly the local ones. */
  readonly uploadCar: boolean
  /** Takes the files and builds the DAG itself (multipart). */
  readonly uploadFiles: boolean
  /** Pins a CID that is already reachable on the network. */
  readonly pinByCid: boolean
  readonly status: boolean
  readonly unpin: boolean
  /** Lists this account's pins by name and metadata. */
  readonly list: boolean
}

export interface Provider {
  readonly id: string
  uploadCar?(car: CarFile, tags: PinTags, opts?: CallOptions): Promise<PinInfo>
  uploadFiles?(upload: FileUpload, tags: PinTags, opts?: CallOptions): Promise<PinInfo>
  pin?(cid: CID, tags: PinTags, opts?: PinOptions): Promise<PinInfo>
  /** Replaces a pin request by one for `cid` in one step (PSA), so shared blocks stay pinned. */
  replace?(
    old: Pick<PinInfo, 'cid' | 'id'>,
    cid: CID,
    tags: PinTags,
    opts?: PinOptions,
  ): Promise<PinInfo>
  status?(pin: Pick<PinInfo, 'cid' | 'id'>, opts?: CallOptions): Promise<PinInfo>
  /** Removes the CID's pin: on services with a record per request, every request for it. */
  unpin?(pin: Pick<PinInfo, 'cid' | 'id'>, opts?: CallOptions): Promise<UnpinResult>
  list?(filter: ListFilter, opts?: CallOptions): AsyncIterable<ListedPin>
  /**
   * Removes exactly this listed record, for services that keep one record per request (PSA):
   * other records of the same CID, another scope's, stay. Others unpin by CID.
   */
  remove?(pin: ListedPin, opts?: CallOptions): Promise<UnpinOutcome>
  /**
   * Rewrites the labels of a listed pin, for services that keep one record per CID (Pinata,
   * Cluster): cleanup releases one scope's claim on a CID another scope still deploys.
   */
  relabel?(
    pin: ListedPin,
    metadata: Readonly<Record<string, string>>,
    opts?: CallOptions,
  ): Promise<void>
  /** Public multiaddrs of the peers holding what this provider stored (for `origins`). */
  origins?(opts?: CallOptions): Promise<string[]>
}

/** What a provider is, beyond its methods: what the run and cleanup decide from. */
export interface ProviderTraits {
  /** Takes content (a CAR or the files), or only pins what is already on the network. */
  readonly kind: 'upload' | 'pin-only'
  /** Lists its pins with their labels: cleanup finds the scope's deployments there. */
  readonly keepsLabels: boolean
  /**
   * Builds the DAG itself from uploaded files (multipart): the CID profiles it can produce, the
   * first being what `cid-profile: auto` picks, so the CID computed here is the one it reports.
   */
  readonly serverImport?: readonly ProfileName[]
  /** Most metadata keys a pin may carry (the action's labels and the user's). */
  readonly maxMetadataKeys?: number
}

/** What every provider's options hold: its id, and the credential inputs in use. */
export interface ProviderOptions {
  readonly id: string
  /** The inputs holding its credentials (those set, or all when none is): named on a 401/403. */
  readonly credentials?: readonly InputName[]
}

export type ProviderDescriptor<
  Id extends string = string,
  O extends ProviderOptions = ProviderOptions,
> = Plugin<Id, O, ProviderTraits, Provider, ProviderDeps> & { readonly family: 'provider' }

/** Declares a provider: keeps its id literal, so the registry can derive the id union. */
export function defineProvider<const Id extends string, O extends ProviderOptions & { id: Id }>(
  d: ProviderDescriptor<Id, O>,
): ProviderDescriptor<Id, O> {
  return d
}

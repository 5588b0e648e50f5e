/**
 * The typed configuration of a run, in sections (what to publish, where, how to name it, how to
 * pin, what to clean up, how to report). `readConfig` (config.ts) builds it from the inputs, one
 * reader per section; everything else takes a `Config` (or the part it needs, built by its caller:
 * cleanup's `CleanupOptions`) and never reads an input itself.
 */
import type { CID } from 'multiformats/cid'
import type { HiddenFilesPolicy } from '../content/collect.js'
import type { ImportParams, ProfileName } from '../content/profiles.js'
import type { ConfiguredProvider } from '../providers/registry.js'
import type { CheckScope } from '../check/retrieval.js'
import type { AnyDnsDescriptor } from '../dns/registry.js'
import type { DnsOptions } from '../dns/types.js'
import type { IpnsConfig } from '../ipns/publish.js'
import type { InputName } from '../inputs/action-spec.generated.js'
import type { RunContext } from '../inputs/context.js'
import type { MayChange, Mode } from './may-change.js'

/** Raw input strings by name; `''` when unset. Defaults are already applied by the source. */
export interface InputSource {
  get(name: InputName): string
}

/** A section reader's view of the inputs: trimmed values, and a way to mask derived secrets. */
export interface Inputs {
  raw(name: InputName): string
  /** The untrimmed value (multi-line inputs). */
  untrimmed(name: InputName): string
  /** Registers a credential or a value derived from one, to be masked. */
  secret(value: string): void
}

/** What to publish. */
export type ContentConfig =
  | {
      readonly kind: 'path'
      /** Absolute path of the file or directory. */
      readonly path: string
      readonly include: readonly string[]
      readonly exclude: readonly string[]
      readonly hiddenFiles: HiddenFilesPolicy
      readonly wrapWithDirectory: boolean
      readonly profile: ProfileName
      readonly params: ImportParams
      /** The CAR file, or a directory where it is written as `<cid>.car`. */
      readonly carTarget: string | { readonly dir: string }
      /** `car-path` as given (empty for the default), for messages. */
      readonly carPathGiven: string
    }
  | { readonly kind: 'cid'; readonly cids: readonly CID[] }
  | { readonly kind: 'none' }

export interface NamingConfig {
  /** The template as given (or the default for this run). */
  readonly template: string
  /** True when `name` was left empty: missing values then fall back instead of failing. */
  readonly defaultTemplate: boolean
  readonly metadata: Readonly<Record<string, string>>
  readonly environment: string
  readonly scope: string
}

export interface PinningConfig {
  readonly verify: 'fail' | 'warn' | 'off'
  readonly wait: 'none' | 'queued' | 'pinned'
  readonly waitTimeoutMs: number
  readonly requestTimeoutMs: number
  /** All network work of the run. */
  readonly timeoutMs: number
  readonly retries: number
  /** `all`, `any`, or the provider ids that must succeed. */
  readonly required: 'all' | 'any' | readonly string[]
}

export interface CleanupConfig {
  readonly unpinPrevious: boolean
  readonly keep: number
  readonly unpin: readonly CID[]
  readonly protect: readonly CID[]
  readonly maxUnpin: number
  readonly dryRun: boolean
}

export interface ReportConfig {
  readonly gateway: string
  readonly summary: boolean
  readonly githubToken?: string
  readonly prComment: boolean
  readonly commitStatus: boolean
  readonly deployment: boolean
}

export type { Mode } from './may-change.js'

export interface Config {
  readonly mode: Mode
  readonly content: ContentConfig
  readonly providers: readonly ConfiguredProvider[]
  readonly naming: NamingConfig
  readonly pinning: PinningConfig
  readonly cleanup: CleanupConfig
  readonly report: ReportConfig
  /** The retrieval check and DNSLink. */
  readonly names: NamesConfig
  readonly context: RunContext
  /** Every credential and every value derived from one, to be masked before anything is logged. */
  readonly secrets: readonly string[]
  /** Providers skipped because a fork's pull request has no credentials for them. */
  readonly forkSkipped: readonly string[]
  /** What this run may change (pins, names, IPNS, GitHub feedback): every write asks it. */
  readonly may: MayChange
  /** The history shown, and the rollback target (`to`). */
  readonly history: HistoryConfig
}

export interface CheckConfig {
  readonly gateways: readonly string[]
  readonly timeoutMs: number
  readonly policy: 'fail' | 'warn'
  readonly scope: CheckScope
}

/** The ENS section (src/config/ens.ts): the raw `ens-*` inputs, checked by the ENS module. */
export interface EnsSection {
  /** Every `ens-*` input as given (untrimmed: the ENS module trims and checks). */
  readonly raw: Readonly<Record<string, string>>
  /** The names as listed (normalised later, by the ENS module). */
  readonly names: readonly string[]
}

/** The rollback and history section (src/config/history.ts). */
export interface HistoryConfig {
  /** The summary and the `history` output list the scope's deployments. */
  readonly show: boolean
  /** `to` as given (`mode: rollback` only). */
  readonly to: string
}

/** One DNSLink name of this run. */
export interface DnslinkName {
  /** The domain, placeholders filled in (`pr-12.preview.example.org`). */
  readonly name: string
  /** Its template names the pull request: it belongs to this PR, and cleanup removes it. */
  readonly perPullRequest: boolean
}

export interface DnsConfig {
  readonly id: string
  readonly descriptor: AnyDnsDescriptor
  readonly options: DnsOptions
}

export interface NamesConfig {
  /** The retrieval check, when `check-gateways` names any. */
  readonly check?: CheckConfig
  /** The names filled in for this run. */
  readonly dnslink: readonly DnslinkName[]
  /** Templates with `{pr}` this run cannot fill (it is not for a pull request): skipped. */
  readonly dnslinkUnfilled: readonly string[]
  /** The DNS provider; undefined when no name is set, or skipped in a fork without credentials. */
  readonly dns?: DnsConfig
  /** True when a pull request from a fork had no credentials for it: names are left alone. */
  readonly dnsSkipped: boolean
  /** The IPNS name, when `ipns-key` is set. */
  readonly ipns?: IpnsConfig
  /** A pull request from a fork, without the key: the name is left as it is. */
  readonly ipnsSkipped: boolean
  /** What DNSLink records say: `/ipfs/<cid>`, or `/ipns/<name>`. */
  readonly dnslinkTarget: 'ipfs' | 'ipns'
  /** ENS names (src/names/ens.ts), when `ens-name` is set. */
  readonly ens?: EnsSection
  /** A pull request from a fork, without the ENS RPC URL or key: names left as they are. */
  readonly ensSkipped?: boolean
}

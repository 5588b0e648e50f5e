/**
 * The name kinds (IPNS, DNSLink, ENS): one plugin per kind, behind one seam. A kind says,
 * for the names of its kind that the run configures:
 * - `protects`: what they point to now (read from the source of truth, not a cache), which
 *   cleanup never unpins; an error when one cannot be read, so cleanup keeps everything;
 * - `set`: after a deploy that succeeded, point them at the content;
 * - `unchanged`: what it reports when an earlier step failed and it set nothing;
 * - `retire`: on `mode: cleanup`, remove a pull request's own names;
 * - `republish`: on `mode: republish`, refresh what needs refreshing.
 * Every write asks the run's decision (`NameDecision.may`, src/config/may-change.ts) and
 * `dryRun`; none looks at the event. The kinds run in the order of src/names/kinds.ts (IPNS
 * before DNSLink, whose value may be the IPNS name); results land in `NameResults`, the names
 * part of the run's outcome.
 */
import type { MayChange } from '../config/may-change.js'
import type { DnslinkChange } from '../dns/dnslink.js'
import type { EnsNameResult, EnsOutputs } from '../ens/report.js'
import type { Session } from '../http/session.js'
import type { Host } from '../io.js'
import type { IpnsResult } from '../ipns/publish.js'
import { valueCid } from '../ipns/value.js'
import { sameCid } from '../cid.js'
import { quote } from '../errors.js'

/** The part of the run plan a name kind asks. */
export interface NameDecision {
  /** What this run may change (the decision made once, up front). */
  readonly may: MayChange
  /** Nothing is written: a kind says what it would do. */
  readonly dryRun: boolean
  /** The gateway the names' URLs are built on (`gateway`). */
  readonly gateway: string
}

/** What every kind's step gets: the decision, the run's session, and where to log. */
export interface NameEnv {
  readonly decision: NameDecision
  readonly session: Session
  readonly host: Pick<Host, 'info' | 'warning'>
}

/** A CID a name points to, and which name: cleanup keeps it, saying why. */
export interface ProtectedCid {
  readonly cid: string
  readonly reason: string
}

/** What the names did this run, by kind: the outputs, the summary and the comment show it. */
export interface NameResults {
  dnslink: DnslinkChange[]
  /** The IPNS record published or republished, when `ipns-key` is set and the run may. */
  ipns?: IpnsResult
  /** The ENS names' results, when `ens-name` is set and the run may set them. */
  ens?: EnsView
}

/**
 * What the ENS kind did, with its outputs and summary section already rendered by the kind
 * (src/ens/report.ts): the views read them without loading the ENS module.
 */
export interface EnsView {
  readonly results: readonly EnsNameResult[]
  readonly outputs: EnsOutputs
  /** Markdown, every value inert. */
  readonly summary: string
}

/** One step of one kind: its part of the results, and why the run fails when it does. */
export type KindStep = Partial<NameResults> & { readonly failure?: string }

export interface NameKind {
  /** The kind, as `NameResults` keys it. */
  readonly id: keyof NameResults
  /** Why the kinds after it set nothing when its `set` failed (`the IPNS name was not published`). */
  readonly notSet: string
  protects(env: NameEnv): Promise<{ cids: ProtectedCid[]; error?: string }>
  /** `content` is `/ipfs/<cid>`. */
  set(content: string, env: NameEnv): Promise<KindStep>
  unchanged(why: string, env: NameEnv): Partial<NameResults>
  retire(env: NameEnv): Promise<KindStep>
  republish(env: NameEnv): Promise<KindStep>
  /**
   * Read-only checks that the kind's names can be set, run before anything is built or uploaded
   * when the run sets names; throws to stop the run there (ENS: the signer may write). Absent:
   * nothing to check ahead.
   */
  preflight?(env: NameEnv): Promise<void>
  /**
   * Checks the kind's own inputs before any network call, for every run that has the kind (ENS:
   * loads its module and reads the `ens-*` inputs, registering their secrets); throws an
   * `InputError` naming the input. Absent: the config already checked them.
   */
  prepare?(host: Pick<Host, 'setSecret' | 'notice'>): Promise<void>
}

/**
 * What a name's value protects: the CID of an `/ipfs/` path (in whatever multibase the name
 * writes it), nothing for this run's own IPNS name (read as such), and an error for anything
 * else, since what it points to cannot be known here.
 */
export function protectedBy(
  value: string,
  where: string,
  ownIpns: string | undefined,
  session: Session,
): { cid?: string; error?: string } {
  const cid = valueCid(value)
  if (cid !== undefined) return { cid: cid.toV1().toString() }
  const name = /^\/ipns\/([^/?#]+)/.exec(value.trim())?.[1]
  if (ownIpns !== undefined && name !== undefined && (name === ownIpns || sameCid(name, ownIpns)))
    return {}
  return {
    error: `${where} holds ${session.clean(quote(value, 200))}, which names no CID this run can read (an /ipfs/<cid> path${ownIpns !== undefined ? `, or /ipns/${ownIpns}` : ''}), so what it keeps live is unknown`,
  }
}

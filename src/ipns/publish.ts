/**
 * Publishing an IPNS name from CI (docs/names/ipns.md, delegated-routing.md, kubo-names.md):
 *
 * 1. Read the record every target holds now and verify it against the name. A target that
 *    cannot be read stops the publish everywhere: the new sequence could not be known to be
 *    higher, and a record that loses to an older one would be worse than none.
 * 2. Sign a V1+V2 record with sequence max(highest seen + 1, Unix seconds now): higher than
 *    anything published, and still growing across runs if every router forgot the name.
 * 3. Give it to every target; then read each back (bounded, short waits) until it holds ours.
 *    A higher sequence there means another publisher wrote after we read: reported, never
 *    overwritten. A PUT answered with an error is decided by the read-back too.
 *
 * Republishing re-signs the value of the best valid record with a fresh end of life.
 */
import { ipnsUrls } from '../http/gateway-url.js'
import type { Clock } from '../http/deadline.js'
import { ProviderError, errorMessage } from '../errors.js'
import type { Session } from '../http/session.js'
import type { IpnsKey } from './key.js'
import { signRecord, verifyRecord, type RecordInfo } from './record.js'
import { valueCid } from './value.js'
import type { AnyPublisherDescriptor } from './registry.js'
import type { NameTarget, PublisherOptions } from './types.js'

export interface ConfiguredPublisher {
  readonly id: string
  readonly descriptor: AnyPublisherDescriptor
  readonly options: PublisherOptions
}

export interface IpnsConfig {
  readonly key: IpnsKey
  readonly publishers: readonly ConfiguredPublisher[]
  /** How long each record is valid (its end of life is now + this). */
  readonly validityMs: number
  /** How long resolvers may cache it. */
  readonly ttlMs: number
}

export interface IpnsTargetResult {
  readonly target: string
  readonly status: 'published' | 'failed' | 'dry-run'
  /** The sequence it held before (dry run) or holds after the publish. */
  readonly sequence?: string
  readonly error?: string
}

export interface IpnsResult {
  readonly name: string
  /** The path the record points to (`/ipfs/<cid>`); empty when nothing was signed. */
  readonly value: string
  readonly sequence: string
  /** End of life, RFC 3339. */
  readonly validity: string
  readonly ttlSeconds: number
  /** `https://<name>.ipns.<gateway host>` (or the path form for a gateway under a path). */
  readonly url: string
  /** `<gateway>/ipns/<name>`. */
  readonly pathUrl: string
  readonly republish: boolean
  readonly dryRun: boolean
  readonly targets: IpnsTargetResult[]
  readonly failure?: string
}

/** How often a target is read back after the put, and the first wait (doubled each time). */
const READ_BACK_ATTEMPTS = 5
const READ_BACK_FIRST_WAIT_MS = 250

export { ipnsUrls }

export function targetsOf(ipns: IpnsConfig, session: Session): NameTarget[] {
  return ipns.publishers.flatMap((p) => p.descriptor.create(p.options, session.deps))
}

interface Seen {
  readonly target: NameTarget
  readonly info?: RecordInfo
  /** It could not be read: nothing may be published. */
  readonly error?: string
  /** The HTTP status of that failure, when it was one. */
  readonly status?: number
  /** It answered a record that is not the name's: ignored (it cannot win), and said. */
  readonly invalid?: string
}

async function readOne(
  target: NameTarget,
  name: string,
  session: Session,
  now: number,
  strict = false,
): Promise<Seen> {
  let bytes: Uint8Array | undefined
  try {
    bytes = await target.get(name, { signal: session.limit(), strict })
  } catch (err) {
    return {
      target,
      error: session.clean(errorMessage(err)),
      ...(err instanceof ProviderError && err.status !== undefined ? { status: err.status } : {}),
    }
  }
  if (bytes === undefined) return { target }
  try {
    return { target, info: await verifyRecord(name, bytes, now) }
  } catch (err) {
    return { target, invalid: session.clean(errorMessage(err)) }
  }
}

/** The record that wins by the IPNS rule: the highest sequence, then the later end of life. */
export function best(infos: readonly RecordInfo[]): RecordInfo | undefined {
  return infos
    .filter((i) => !i.expired)
    .reduce<RecordInfo | undefined>(
      (a, b) =>
        a === undefined || b.sequence > a.sequence || (b.sequence === a.sequence && b.eol > a.eol)
          ? b
          : a,
      undefined,
    )
}

export interface PublishNameOptions {
  readonly gateway: string
  readonly dryRun: boolean
  readonly log: (message: string) => void
  readonly warn: (message: string) => void
}

const text = (seq: bigint): string => seq.toString()

/** The largest sequence a record can hold (an unsigned 64-bit integer). */
export const MAX_SEQUENCE = 2n ** 64n - 1n

/**
 * What to do when a target answered 500 to the first read: some routers (the Helia-based
 * Delegated Routing server) answer so for a name they have never seen, which cannot be told
 * from an outage, so the publish fails closed (docs/names/ipns.md#first-publish).
 */
const FIRST_PUBLISH =
  ' If this is the name\'s first publish and a router answers 500 for a name it has never seen (the Helia-based Delegated Routing server does), make the first publish through targets that answer an unknown name with 404 or "routing: not found": "ipns-publish: kubo" with your node, or "ipns-routers" naming only such routers (boxo/someguy-based ones), for one run; later runs read the record there and go on.'

/** Publishes `value` (a path, `/ipfs/<cid>`) at the name; `value` undefined republishes. */
export async function publishName(
  ipns: IpnsConfig,
  value: string | undefined,
  session: Session,
  o: PublishNameOptions,
): Promise<IpnsResult> {
  const { name } = ipns.key
  const targets = targetsOf(ipns, session)
  const urls = ipnsUrls(o.gateway, name)
  const base = {
    name,
    ...urls,
    ttlSeconds: Math.round(ipns.ttlMs / 1000),
    republish: value === undefined,
    dryRun: o.dryRun,
  }
  const failed = (why: string, results: IpnsTargetResult[] = []): IpnsResult => ({
    ...base,
    value: value ?? '',
    sequence: '',
    validity: '',
    targets: results,
    failure: `IPNS ${name}: ${why}`,
  })

  if (targets.length === 0) return failed('not published: "ipns-publish" names no target.')
  try {
    return await publishTo(ipns, targets, value, session, o, base, failed)
  } catch (err) {
    // Whatever goes wrong (a record the library cannot make), the step ends with a clear
    // failure and still writes its outputs and summary.
    return failed(`not published: ${session.clean(errorMessage(err))}`)
  }
}

async function publishTo(
  ipns: IpnsConfig,
  targets: readonly NameTarget[],
  value: string | undefined,
  session: Session,
  o: PublishNameOptions,
  base: Omit<IpnsResult, 'value' | 'sequence' | 'validity' | 'targets' | 'failure'>,
  failed: (why: string, results?: IpnsTargetResult[]) => IpnsResult,
): Promise<IpnsResult> {
  const { name } = ipns.key
  const clock: Clock = session.clock
  const seen = await Promise.all(targets.map((t) => readOne(t, name, session, clock.now())))
  for (const s of seen)
    if (s.invalid !== undefined)
      o.warn(
        `IPNS ${name}: ${s.target.label} answered a record that is not this name's (${s.invalid}); it cannot win, and is ignored.`,
      )
  const unread = seen.filter((s) => s.error !== undefined)
  if (unread.length > 0)
    return failed(
      `not published: the current record could not be read from ${unread.map((s) => `${s.target.label} (${s.error ?? ''})`).join('; ')}, so a new sequence number could not be known to be higher.${unread.some((s) => s.status === 500) ? FIRST_PUBLISH : ''}`,
      unread.map((s) => ({ target: s.target.label, status: 'failed', error: s.error ?? '' })),
    )
  const infos = seen.flatMap((s) => (s.info !== undefined ? [s.info] : []))
  const current = best(infos)
  const highest = infos.reduce((m, i) => (i.sequence > m ? i.sequence : m), -1n)

  let target = value
  if (target === undefined) {
    if (current === undefined)
      return failed(
        `nothing to republish: ${targets.map((t) => t.label).join(', ')} ${infos.length > 0 ? 'hold only expired records' : 'hold no record'} for it. Publish it with a deploy (mode "deploy" with "path", or with "cid" for content already pinned).`,
      )
    target = current.value
  }
  const now = clock.now()
  const floor = BigInt(Math.floor(now / 1000))
  const sequence = highest + 1n > floor ? highest + 1n : floor
  if (sequence > MAX_SEQUENCE) {
    const at = seen.filter((s) => s.info?.sequence === highest).map((s) => s.target.label)
    return failed(
      `not published: the current record${at.length > 0 ? ` (on ${at.join(', ')})` : ''} has sequence ${text(highest)}, the largest an IPNS record can hold, so no record can be signed above it and the name cannot change any more. Publish under a new key (a new name) and point your links and DNSLink at it.`,
    )
  }
  const eol = now + ipns.validityMs
  const record = await signRecord(ipns.key.key, {
    value: target,
    sequence,
    eol,
    ttlMs: ipns.ttlMs,
  })
  const signed = await verifyRecord(name, record, now)
  const done = { ...base, value: target, sequence: text(sequence), validity: signed.validity }
  o.log(
    `ipns: ${name}: ${o.dryRun ? 'dry run, would publish' : 'publishing'} ${target} at sequence ${text(sequence)} (valid until ${signed.validity})${current !== undefined ? `; now ${current.value} at ${text(current.sequence)}` : ''}`,
  )
  if (o.dryRun)
    return {
      ...done,
      targets: seen.map((s) => ({
        target: s.target.label,
        status: 'dry-run' as const,
        ...(s.info !== undefined ? { sequence: text(s.info.sequence) } : {}),
      })),
    }

  const results = await Promise.all(
    targets.map((t, i) =>
      putAndReadBack(t, name, record, target, sequence, session, seen[i]?.info !== undefined),
    ),
  )
  for (const r of results)
    o.log(
      r.status === 'published'
        ? `ipns: ${name}: ${r.target} holds sequence ${r.sequence ?? ''}`
        : `ipns: ${name}: ${r.target}: ${r.error ?? 'failed'}`,
    )
  const bad = results.filter((r) => r.status === 'failed')
  return {
    ...done,
    targets: results,
    ...(bad.length > 0
      ? {
          failure: `IPNS ${name}: ${bad.map((r) => `${r.target}: ${r.error ?? 'failed'}`).join('; ')}`,
        }
      : {}),
  }
}

async function putAndReadBack(
  t: NameTarget,
  name: string,
  record: Uint8Array,
  value: string,
  sequence: bigint,
  session: Session,
  /** Its first answer held a record of the name: a higher one later was written since. */
  hadRecord: boolean,
): Promise<IpnsTargetResult> {
  let putError: string | undefined
  try {
    await t.put(name, record, { signal: session.limit() })
  } catch (err) {
    putError = session.clean(errorMessage(err))
  }
  const failed = (why: string, reads: number, seq?: bigint): IpnsTargetResult => ({
    target: t.label,
    status: 'failed',
    ...(seq !== undefined ? { sequence: text(seq) } : {}),
    error: `${putError !== undefined ? `the record was refused (${putError}); ` : 'the put was answered with success, but '}${why}${reads > 1 ? ` after ${reads} reads` : ''}`,
  })
  // Reads until the target holds ours: a router may answer from a cache or a peer that has not
  // got it yet. Each read is retried by the one policy already: a read that fails is the answer.
  let why = 'it answers no record'
  for (let i = 0; i < READ_BACK_ATTEMPTS; i++) {
    if (i > 0) await session.clock.sleep(READ_BACK_FIRST_WAIT_MS * 2 ** (i - 1), session.limit())
    const seen = await readOne(t, name, session, session.clock.now())
    if (seen.error !== undefined) return failed(`reading it back failed: ${seen.error}`, i + 1)
    if (seen.invalid !== undefined)
      return failed(`it answers a record that is not this name's: ${seen.invalid}`, i + 1)
    const got = seen.info
    if (got === undefined) {
      why = 'it answers no record'
      continue
    }
    // At our sequence or above with another value: someone else published after our read (a
    // run in the same second signs the same sequence, and the later end of life wins).
    if (got.sequence >= sequence && got.value !== value)
      return {
        target: t.label,
        status: 'failed',
        sequence: text(got.sequence),
        error: hadRecord
          ? `another publisher wrote sequence ${text(got.sequence)} (${session.clean(got.value)}) after this run read the name; it was not overwritten. Run again to publish this deploy above it, and give the workflows that publish the name one "concurrency" group.`
          : `it now answers sequence ${text(got.sequence)} (${session.clean(got.value)}), not below this run's ${text(sequence)}, though it answered no record when this run read the name: a record it did not show then, or one another publisher wrote since; it was not overwritten. Run again to publish this deploy above it.`,
      }
    if (got.sequence < sequence) {
      why = `it still answers sequence ${text(got.sequence)} (${session.clean(got.value)})`
      continue
    }
    // Ours, or a later record of the same value (a re-run that published it too).
    if (t.resolve !== undefined) {
      let resolved: string | undefined
      try {
        resolved = await t.resolve(name, { signal: session.limit() })
      } catch (err) {
        return failed(`resolving it failed: ${session.clean(errorMessage(err))}`, i + 1)
      }
      if (resolved !== value) {
        why = `it resolves the name to ${resolved !== undefined ? session.clean(resolved) : 'nothing'}`
        continue
      }
    }
    return { target: t.label, status: 'published', sequence: text(got.sequence) }
  }
  return failed(why, READ_BACK_ATTEMPTS)
}

/**
 * The CID the name points to, for cleanup to keep: the value of the highest-sequence record
 * signed by the name's key that any target holds, expired or not (an expired name is
 * republished or deployed again from what it pointed to). Read strictly: a target that cannot
 * be read, or answers something that only may mean "no record", is an error, and cleanup then
 * keeps everything rather than guess.
 */
export async function nameTarget(
  ipns: IpnsConfig,
  session: Session,
): Promise<{ cid?: string; value?: string; error?: string }> {
  const name = ipns.key.name
  const targets = targetsOf(ipns, session)
  if (targets.length === 0) return { error: `the IPNS name ${name} has no target to read it from` }
  const seen = await Promise.all(
    targets.map((t) => readOne(t, name, session, session.clock.now(), true)),
  )
  const unread = seen.find((s) => s.error !== undefined)
  if (unread !== undefined)
    return {
      error: `the IPNS name ${name} could not be read from ${unread.target.label}: ${unread.error ?? ''}`,
    }
  const latest = seen
    .flatMap((s) => (s.info !== undefined ? [s.info] : []))
    .reduce<RecordInfo | undefined>(
      (a, b) => (a === undefined || b.sequence > a.sequence ? b : a),
      undefined,
    )
  if (latest === undefined) return {}
  const cid = valueCid(latest.value)
  return { value: latest.value, ...(cid !== undefined ? { cid: cid.toString() } : {}) }
}

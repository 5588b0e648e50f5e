/**
 * ENS contenthash as a name kind (docs/names/ens.md#wiring-notes): what the run's name step
 * calls, on the options `parseEnsOptions` read. Three calls, one per moment of a run:
 * - `ensTargets`: what each name points to now: the CIDs cleanup must keep (in the `{cids,
 *   error}` form cleanup's `names` callback takes) and the live CIDs a rollback counts from;
 * - `ensPublish`: point every name at `ipfs://<cid>` (or `ipns://<name>`): with the key, or as a
 *   proposal to the Safe; a dry run checks and simulates only. One name failing does not stop
 *   the others; each result says what happened;
 * - `ensReport`: the step outputs and the summary lines, from the results.
 * The run asks its "what may change" decision before `ensPublish` (never on a pull request).
 */
import { cidKey } from '../cid.js'
import { errorMessage } from '../errors.js'
import { mdCode, mdRow } from '../text.js'
import { EnsError, type EnsFailure } from './errors.js'
import type { EnsOptions } from './options.js'
import { proposeContenthash } from './safe.js'
import { setContenthash } from './send.js'
import { openTarget } from './target.js'
import type { EnsDeps } from './types.js'

export interface EnsTargets {
  /** IPFS CIDs the names point to (CIDv1 base32), each with why: cleanup never unpins them. */
  readonly cids: ReadonlyArray<{ readonly cid: string; readonly reason: string }>
  /** Per name: its record now, as a URI (`ipfs://…`, `ipns://…`), or undefined when empty. */
  readonly names: ReadonlyArray<{ readonly name: string; readonly uri?: string }>
  /** Why not every name could be read: cleanup then unpins nothing more (as for DNSLink). */
  readonly error?: string
}

/** Reads every name's record from its own resolver (any form a record holds: v0, v1, IPNS). */
export async function ensTargets(opts: EnsOptions, deps: EnsDeps): Promise<EnsTargets> {
  const cids: Array<{ cid: string; reason: string }> = []
  const names: Array<{ name: string; uri?: string }> = []
  const failed: string[] = []
  for (const name of opts.names) {
    try {
      const { state } = await openTarget({ name, chain: opts.chain, rpcUrl: opts.rpcUrl }, deps)
      const cur = state.current
      names.push({ name, ...(cur.uri !== undefined ? { uri: cur.uri } : {}) })
      // An IPNS record protects through the IPNS name's own target, not here.
      if (cur.protocol === 'ipfs' && cur.cid !== undefined)
        cids.push({ cid: cidKey(cur.cid.toString()), reason: `the ENS name ${name} points to it` })
    } catch (err) {
      failed.push(`the ENS name ${name} could not be read: ${deps.redact(errorMessage(err))}`)
    }
  }
  return { cids, names, ...(failed.length > 0 ? { error: failed.join('; ') } : {}) }
}

/** What happened to one name. */
export interface EnsNameResult {
  readonly name: string
  readonly status: 'set' | 'unchanged' | 'simulated' | 'proposed' | 'already-proposed' | 'failed'
  /** The value asked for. */
  readonly value: string
  /** The record before, as a URI, when it held one. */
  readonly previous?: string
  readonly contenthash?: string
  readonly signer?: string
  readonly txHash?: string
  readonly blockNumber?: string
  readonly safeTxHash?: string
  /** The proposal (or the Safe's queue) in the Safe app. */
  readonly safeUrl?: string
  /** Confirmations the owners still have to give (Safe). */
  readonly confirmationsNeeded?: number
  readonly gatewayUrls: readonly string[]
  readonly failure?: {
    readonly reason: EnsFailure | 'error'
    readonly message: string
    readonly hash?: string
  }
}

export interface PublishOptions {
  /** Check and simulate only: nothing is sent or proposed. */
  readonly dryRun: boolean
  /** The Safe proposal's origin: who proposed it (the run's URL). */
  readonly origin?: string
}

/** Points every name at `value` (`ipfs://<cid>`, a bare CID, or `ipns://<name>`). */
export async function ensPublish(
  opts: EnsOptions,
  value: string,
  deps: EnsDeps,
  run: PublishOptions,
): Promise<EnsNameResult[]> {
  const out: EnsNameResult[] = []
  const s = opts.signer
  for (const name of opts.names) {
    const base = { name, chain: opts.chain, rpcUrl: opts.rpcUrl, value, dryRun: run.dryRun }
    try {
      if (s.kind === 'key') {
        const r = await setContenthash(
          {
            ...base,
            privateKey: s.privateKey,
            confirmations: s.confirmations,
            waitMs: s.waitMs,
            ...(s.maxFeePerGas !== undefined ? { maxFeePerGas: s.maxFeePerGas } : {}),
          },
          deps,
        )
        const common = {
          name: r.name,
          value: r.value,
          contenthash: r.contenthash,
          signer: r.signer,
          gatewayUrls: r.gatewayUrls,
        }
        if (r.status === 'set')
          out.push({
            ...common,
            status: 'set',
            txHash: r.txHash,
            blockNumber: r.blockNumber.toString(),
            ...(r.previous.uri !== undefined ? { previous: r.previous.uri } : {}),
          })
        else
          out.push({
            ...common,
            status: r.status,
            ...(r.current.uri !== undefined ? { previous: r.current.uri } : {}),
          })
      } else {
        const r = await proposeContenthash(
          {
            ...base,
            safe: s.safe,
            signerKey: s.signerKey,
            ...(s.safeApiKey !== undefined ? { safeApiKey: s.safeApiKey } : {}),
            ...(s.safeNonce !== undefined ? { safeNonce: s.safeNonce } : {}),
            ...(run.origin !== undefined ? { origin: run.origin } : {}),
          },
          deps,
        )
        const common = {
          name: r.name,
          value: r.value,
          contenthash: r.contenthash,
          signer: r.signer,
          gatewayUrls: r.gatewayUrls,
          ...(r.current.uri !== undefined ? { previous: r.current.uri } : {}),
        }
        if (r.status === 'unchanged') out.push({ ...common, status: 'unchanged' })
        else {
          const url = r.txUrl ?? r.queueUrl
          out.push({
            ...common,
            status: r.status,
            safeTxHash: r.safeTxHash,
            ...(url !== undefined ? { safeUrl: url } : {}),
            confirmationsNeeded: Math.max(
              0,
              r.threshold - (r.signerRole === 'owner' && r.status !== 'simulated' ? 1 : 0),
            ),
          })
        }
      }
    } catch (err) {
      const message = deps.redact(errorMessage(err))
      out.push({
        name,
        value,
        status: 'failed',
        gatewayUrls: [],
        failure: {
          reason: err instanceof EnsError ? err.reason : 'error',
          message,
          ...(err instanceof EnsError && err.hash !== undefined ? { hash: err.hash } : {}),
        },
      })
    }
  }
  return out
}

/** The outputs docs/names/ens.md#outputs proposes: one value for one name, JSON by name for several. */
export type EnsOutputs = Record<
  'ens-contenthash' | 'ens-tx-hash' | 'ens-safe-tx-hash' | 'ens-safe-url' | 'ens-urls',
  string
>

export interface EnsReport {
  readonly outputs: EnsOutputs
  /** Markdown for the summary (every value inert). */
  readonly summary: string
  /** The names that failed, with why (the step fails when there is one). */
  readonly failures: readonly string[]
}

function byName(
  results: readonly EnsNameResult[],
  pick: (r: EnsNameResult) => string | undefined,
): string {
  const got = results.flatMap((r) => {
    const v = pick(r)
    return v !== undefined ? [[r.name, v] as const] : []
  })
  if (got.length === 0) return ''
  if (results.length === 1) return got[0]?.[1] ?? ''
  return JSON.stringify(Object.fromEntries(got))
}

const WORDS: Record<EnsNameResult['status'], string> = {
  set: 'set',
  unchanged: 'already pointed there',
  simulated: 'dry run: simulated, nothing sent',
  proposed: 'proposed to the Safe',
  'already-proposed': 'already proposed to the Safe',
  failed: 'failed',
}

export function ensReport(results: readonly EnsNameResult[]): EnsReport {
  const outputs: EnsOutputs = {
    'ens-contenthash': byName(results, (r) => r.contenthash),
    'ens-tx-hash': byName(results, (r) => r.txHash),
    'ens-safe-tx-hash': byName(results, (r) => r.safeTxHash),
    'ens-safe-url': byName(results, (r) => r.safeUrl),
    'ens-urls': results.flatMap((r) => r.gatewayUrls).join('\n'),
  }
  const lines = [
    '### ENS',
    '',
    mdRow(['name', 'value', 'before', 'what happened']),
    '| --- | --- | --- | --- |',
  ]
  for (const r of results) {
    const what = [WORDS[r.status]]
    if (r.txHash !== undefined) what.push(`transaction ${mdCode(r.txHash)}`)
    if (r.safeTxHash !== undefined) what.push(`safeTxHash ${mdCode(r.safeTxHash)}`)
    if (r.confirmationsNeeded !== undefined && r.status !== 'simulated')
      what.push(
        `${r.confirmationsNeeded} owner confirmation${r.confirmationsNeeded === 1 ? '' : 's'} still needed`,
      )
    if (r.safeUrl !== undefined && /^https:\/\//.test(r.safeUrl))
      what.push(`[open in the Safe app](<${r.safeUrl.replace(/[<>\s]/g, '')}>)`)
    if (r.failure !== undefined) what.push(mdCode(r.failure.message.slice(0, 300)))
    const link = r.gatewayUrls[0]
    lines.push(
      mdRow([
        link !== undefined ? `[${mdCode(r.name)}](<${link}>)` : mdCode(r.name),
        mdCode(r.value),
        mdCode(r.previous ?? ''),
        what.join(' · '),
      ]),
    )
  }
  return {
    outputs,
    summary: `${lines.join('\n')}\n`,
    failures: results.flatMap((r) =>
      r.failure !== undefined ? [`ENS name ${r.name}: ${r.failure.message}`] : [],
    ),
  }
}

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
import { EnsError } from './errors.js'
import type { EnsOptions } from './options.js'
import { proposeContenthash } from './safe.js'
import { setContenthash } from './send.js'
import { openTarget } from './target.js'
import type { EnsNameResult } from './report.js'
import type { EnsDeps, ProposeContenthashResult, SetContenthashResult } from './types.js'

export { ensReport, type EnsNameResult, type EnsOutputs, type EnsReport } from './report.js'

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

export interface PublishOptions {
  /** Check and simulate only: nothing is sent or proposed. */
  readonly dryRun: boolean
  /** The Safe proposal's origin: who proposed it (the run's URL). */
  readonly origin?: string
}

/**
 * One name's result, from what the key's write or the Safe proposal returned: `previous` is the
 * record before (a write's `previous`, else the record read); a Safe proposal says how many
 * confirmations the owners still owe (an owner's signature counts as one, unless only simulated).
 */
function nameResult(r: SetContenthashResult | ProposeContenthashResult): EnsNameResult {
  const before = r.status === 'set' ? r.previous : r.current
  const common = {
    name: r.name,
    value: r.value,
    contenthash: r.contenthash,
    signer: r.signer,
    gatewayUrls: r.gatewayUrls,
    ...(before.uri !== undefined ? { previous: before.uri } : {}),
  }
  if (r.status === 'set')
    return { ...common, status: 'set', txHash: r.txHash, blockNumber: r.blockNumber.toString() }
  if (!('safeTxHash' in r)) return { ...common, status: r.status }
  const url = r.txUrl ?? r.queueUrl
  return {
    ...common,
    status: r.status,
    safeTxHash: r.safeTxHash,
    ...(url !== undefined ? { safeUrl: url } : {}),
    confirmationsNeeded: Math.max(
      0,
      r.threshold - (r.signerRole === 'owner' && r.status !== 'simulated' ? 1 : 0),
    ),
  }
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
      const r =
        s.kind === 'key'
          ? await setContenthash(
              {
                ...base,
                privateKey: s.privateKey,
                confirmations: s.confirmations,
                waitMs: s.waitMs,
                ...(s.maxFeePerGas !== undefined ? { maxFeePerGas: s.maxFeePerGas } : {}),
              },
              deps,
            )
          : await proposeContenthash(
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
      out.push(nameResult(r))
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

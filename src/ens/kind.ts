/**
 * ENS contenthash as a name kind (docs/names/ens.md#wiring-notes): what the run's name step
 * calls, on the options `parseEnsOptions` read. Three calls, one per moment of a run:
 * - `ensTargets`: what each name points to now: the CIDs cleanup must keep (in the `{cids,
 *   error}` form cleanup's `names` callback takes) and the live CIDs a rollback counts from;
 * - `ensPublish`: point every name at `ipfs://<cid>` (or `ipns://<name>`): with the key, or as a
 *   proposal to the Safe; a dry run checks and simulates only. One name failing does not stop
 *   the others; each result says what happened;
 * - `ensReport`: the step outputs and the summary lines, from the results;
 * - `ensPreflight`: before the content is built or uploaded, the read-only part of the write's
 *   checks, so that a misconfigured name fails the run before any upload
 *   (docs/names/ens.md#preflight).
 * The run asks its "what may change" decision before `ensPublish` (never on a pull request).
 */
import { cidKey } from '../cid.js'
import { InputError, errorMessage } from '../errors.js'
import { EnsError } from './errors.js'
import { rpcFailure } from './rpc.js'
import type { EnsOptions } from './options.js'
import { encodeFunctionData, type Address } from 'viem'
import { RESOLVER_ABI } from './abi.js'
import { contenthashOf } from './contenthash.js'
import { warnExpiry } from './owner.js'
import { proposeContenthash, safeMayWrite, safeStanding } from './safe.js'
import { safeService } from './safe-service.js'
import { canPay, mayWrite, setContenthash } from './send.js'
import { keyAccount } from './signer.js'
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

/** What the check before the upload found, per name. */
export interface EnsPreflightName {
  readonly name: string
  /** The address the write comes from: the key's, or the Safe's. */
  readonly writer: Address
  /** The key's address (for a Safe: the owner's or delegate's key that proposes). */
  readonly signer: Address
  readonly resolver: Address
  /** With a Safe: the signer's standing there. */
  readonly role?: 'owner' | 'delegate'
}

/**
 * A stand-in record for the simulated write before the content exists: a CIDv1 (dag-pb, sha-256)
 * of the shape a deploy writes, so the gas estimated for it is the real write's. Any value does
 * for the resolver's rule (it decides by who writes, not what).
 */
const STAND_IN = 'ipfs://bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354'

/** The inputs to fix for a failure of the check, by its reason. */
function inputsFor(opts: EnsOptions, err: unknown): string {
  const safe = opts.signer.kind === 'safe'
  const reason = err instanceof EnsError ? err.reason : 'error'
  const list =
    reason === 'not-authorised' || reason === 'expired'
      ? safe
        ? ['ens-safe', 'ens-private-key', 'ens-name']
        : ['ens-private-key', 'ens-name']
      : reason === 'no-resolver' || reason === 'unsupported-resolver'
        ? ['ens-name']
        : reason === 'wrong-chain'
          ? ['ens-rpc-url', 'ens-chain']
          : reason === 'fee-cap' || reason === 'insufficient-funds'
            ? ['ens-max-fee-per-gas']
            : reason === 'safe'
              ? ['ens-safe', 'ens-safe-service-url', 'ens-safe-api-key']
              : ['ens-rpc-url']
  return list.map((i) => `"${i}"`).join(', ')
}

/**
 * The read-only part of every check a write makes, for each name, before the content is built
 * or uploaded: the RPC on the chain, the name's own resolver holding contenthash records, the
 * signer allowed to write (the key simulated; or the key an owner or delegate of the Safe, and
 * the Safe simulated), and, with a key, the fee cap and a balance that pays for the write. No
 * transaction is signed and nothing is proposed. What it read stays in `deps.checked` for the
 * names step; what can change meanwhile (the record, the nonces, the Safe's queue, the fees)
 * the names step reads again. Throws the first failure, naming the name, the signer and the
 * inputs to fix; RPC faults are retried by the one policy first (src/ens/rpc.ts).
 */
export async function ensPreflight(opts: EnsOptions, deps: EnsDeps): Promise<EnsPreflightName[]> {
  const s = opts.signer
  const account = keyAccount(
    s.kind === 'key' ? s.privateKey : s.signerKey,
    deps.setSecret,
    'ens-private-key',
  )
  const signer = account.address
  const service =
    s.kind === 'safe' && opts.chain.safeService !== undefined
      ? safeService(opts.chain.safeService, s.safeApiKey, deps)
      : undefined
  const out: EnsPreflightName[] = []
  for (const name of opts.names) {
    let ensName = name
    try {
      const { rpc, ens, state } = await openTarget(
        { name, chain: opts.chain, rpcUrl: opts.rpcUrl },
        deps,
      )
      ensName = ens.name
      const { client } = rpc
      const at = { ...ens, resolver: state.resolver, registry: opts.chain.registry }
      const data = encodeFunctionData({
        abi: RESOLVER_ABI,
        functionName: 'setContenthash',
        args: [ens.node, contenthashOf(STAND_IN).hex],
      })
      if (s.kind === 'key') {
        await warnExpiry(client, opts.chain.registry, ens, deps.warn, deps.checked)
        await mayWrite(client, at, signer, data)
        await canPay(client, at, signer, data, s.maxFeePerGas)
        out.push({ name: ens.name, writer: signer, signer, resolver: state.resolver })
      } else {
        if (service === undefined)
          throw new InputError(
            'ens-safe-service-url',
            `Input "ens-safe-service-url" is needed: ENS on ${opts.chain.label} has no Safe Transaction Service known here.`,
          )
        const standing = await safeStanding(
          client,
          service,
          { safe: s.safe, signer, name: ens.name, chain: opts.chain.label },
          deps.checked,
        )
        await warnExpiry(client, opts.chain.registry, ens, deps.warn, deps.checked)
        await safeMayWrite(client, at, s.safe, data)
        out.push({
          name: ens.name,
          writer: s.safe,
          signer,
          resolver: state.resolver,
          role: standing.role,
        })
      }
    } catch (err) {
      const e = rpcFailure(err, ensName, 'checking the ENS setup', deps.redact)
      if (!(e instanceof EnsError)) throw e
      const who =
        s.kind === 'safe' ? `the signer ${signer} for the Safe ${s.safe}` : `the signer ${signer}`
      throw new EnsError(
        e.reason,
        ensName,
        `${deps.redact(e.message)} (Checked before the upload, for ${who}: nothing was uploaded.) ${e.reason === 'rpc' || e.reason === 'safe' ? 'Check' : 'Fix'} input ${inputsFor(opts, e)}, then run again.`,
        { cause: err },
      )
    }
  }
  return out
}

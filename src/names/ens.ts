/**
 * ENS as a name kind (src/names/kind.ts; docs/names/ens.md#wiring-notes): the `ens-name` names.
 * Protects the CID each name's contenthash holds (read from the name's own resolver, in any form
 * the record holds it); after a verified deploy (and the retrieval check), sets each name the
 * decision lets this run set to `ipfs://<cid>`, or `ipns://<name>` when the run has an IPNS name;
 * a dry run simulates only. ENS names have no per-pull-request form: nothing is retired.
 *
 * The ENS module (src/ens/, viem) is loaded only when `ens-name` is set: `prepareEns` (the
 * kind's `prepare`, which the run calls before any network call) imports it and checks every
 * `ens-*` input with `parseEnsOptions`; `preflightEns` (its `preflight`, before the upload)
 * checks that the names can be set
 * (docs/names/ens.md#preflight). Runs without ENS never load viem (the bundle keeps it in its
 * own chunk).
 */
import type { EnsSection } from '../config/ens.js'
import type { Config } from '../config/types.js'
import type * as EnsIndex from '../ens/index.js'
import type { EnsChecked, EnsDeps, EnsOptions } from '../ens/index.js'
import type { Host } from '../io.js'
import type { KindStep, NameEnv, NameKind } from './kind.js'

type EnsModule = typeof EnsIndex

interface Prepared {
  readonly mod: EnsModule
  readonly opts: EnsOptions
  /** What the check before the upload read: the names step does not read it again. */
  readonly checked: EnsChecked
}

const prepared = new WeakMap<EnsSection, Prepared>()

/**
 * Loads the ENS module and checks the ENS inputs (an `InputError` naming the input otherwise),
 * before any network call. Nothing when `ens-name` is empty.
 */
export async function prepareEns(
  names: Config['names'],
  host: Pick<Host, 'setSecret' | 'notice'>,
): Promise<void> {
  const ens = names.ens
  if (ens === undefined || prepared.has(ens)) return
  const mod = await import('../ens/index.js')
  const opts = mod.parseEnsOptions(ens.raw, (v) => host.setSecret(v))
  if (opts === undefined) return
  if (opts.unused.length > 0)
    host.notice(
      `${opts.unused.map((u) => `"${u}"`).join(', ')} ${opts.unused.length === 1 ? 'does' : 'do'} nothing ${opts.signer.kind === 'safe' ? 'with "ens-safe" (the Safe\'s owners execute the change)' : 'without "ens-safe"'}.`,
    )
  prepared.set(ens, { mod, opts, checked: mod.ensChecked() })
}

function depsOf(env: Pick<NameEnv, 'session' | 'host'>, checked: EnsChecked): EnsDeps {
  return {
    ...env.session.deps,
    signal: env.session.limit(),
    warn: (m) => env.host.warning(env.session.clean(m)),
    checked,
  }
}

/**
 * The check before the upload (docs/names/ens.md#preflight): when this run may set its ENS
 * names, the read-only part of the write's checks runs before anything is built or uploaded,
 * and a misconfigured name fails the run there, naming the name, the signer and the inputs to
 * fix. A dry run checks too and says so. Nothing when the run may not set a name (a pull
 * request, a run without ENS).
 */
export async function preflightEns(
  names: Config['names'],
  env: Pick<NameEnv, 'session' | 'host' | 'decision'>,
): Promise<void> {
  const e = names.ens !== undefined ? prepared.get(names.ens) : undefined
  if (e === undefined || env.decision.may.ens?.may !== 'set') return
  const checked = await e.mod.ensPreflight(e.opts, depsOf(env, e.checked))
  for (const c of checked)
    env.host.info(
      `ens: ${c.name}: checked before the upload: ${c.role !== undefined ? `${c.signer} (${c.role} of the Safe ${c.writer}) may propose, and the Safe may set its contenthash` : `${c.signer} may set its contenthash`} on its resolver ${c.resolver}${env.decision.dryRun ? ' (dry run: nothing will be sent)' : ''}.`,
    )
}

/** The run's URL, as the Safe proposal's `origin`. */
function originOf(context: Config['context']): string | undefined {
  if (context.owner === undefined || context.repo === undefined || context.runId === undefined)
    return undefined
  return `${context.serverUrl}/${context.owner}/${context.repo}/actions/runs/${context.runId}`
}

export function ensKind(names: Config['names'], context: Config['context']): NameKind {
  const ready = (): Prepared | undefined =>
    names.ens !== undefined ? prepared.get(names.ens) : undefined
  const ownIpns = names.ipns?.key.name
  return {
    id: 'ens',
    notSet: 'the ENS names were not set',
    prepare: (host) => prepareEns(names, host),
    preflight: (env) => preflightEns(names, env),
    async protects(env) {
      const e = ready()
      if (e === undefined) {
        if (names.ens !== undefined)
          return {
            cids: [],
            error: 'the ENS names could not be read (the ENS inputs were not checked)',
          }
        return { cids: [] }
      }
      const t = await e.mod.ensTargets(e.opts, depsOf(env, e.checked))
      return { cids: [...t.cids], ...(t.error !== undefined ? { error: t.error } : {}) }
    },
    async set(content, env): Promise<KindStep> {
      const e = ready()
      if (e === undefined || env.decision.may.ens?.may !== 'set') return {}
      // With an IPNS name, the ENS names point at it (it follows every deploy by itself).
      const value =
        ownIpns !== undefined && env.decision.may.ipns?.may === 'publish'
          ? `ipns://${ownIpns}`
          : `ipfs://${content.replace(/^\/ipfs\//, '')}`
      const origin = originOf(context)
      const results = await e.mod.ensPublish(e.opts, value, depsOf(env, e.checked), {
        dryRun: env.decision.dryRun,
        ...(origin !== undefined ? { origin } : {}),
      })
      const report = e.mod.ensReport(results)
      for (const r of results) {
        // A proposal waits for the owners: the log (all a CLI user may see) says where.
        const owners =
          r.safeTxHash !== undefined && r.status !== 'simulated'
            ? `; ${r.confirmationsNeeded ?? 0} owner confirmation(s) still needed${r.safeUrl !== undefined ? `: ${r.safeUrl}` : ''}`
            : ''
        env.host.info(
          `ens: ${r.name}: ${r.status}${r.txHash !== undefined ? ` (transaction ${r.txHash})` : ''}${r.safeTxHash !== undefined ? ` (safeTxHash ${r.safeTxHash})` : ''} → ${r.value}${owners}${r.failure !== undefined ? `: ${env.session.clean(r.failure.message)}` : ''}`,
        )
      }
      return {
        ens: { results, outputs: report.outputs, summary: report.summary },
        ...(report.failures.length > 0
          ? { failure: report.failures.map((f) => env.session.clean(f)).join('\n') }
          : {}),
      }
    },
    unchanged: () => ({}),
    retire: () => Promise.resolve({}),
    republish: () => Promise.resolve({}),
  }
}

/**
 * The one place where inputs are read and validated. `readConfig(source, context)` turns the raw
 * strings of action.yml's inputs (from `@actions/core` for the action, flags and environment for
 * the CLI) into a typed `Config`, one reader per section (content.ts, providers.ts, naming.ts,
 * sections.ts) and the checks across sections (checks.ts); everything else takes that `Config`.
 *
 * Bad input throws an `InputError` here, before any network call.
 */
import { DNS_PROVIDERS, type AnyDnsDescriptor } from '../dns/registry.js'
import { PUBLISHERS, type AnyPublisherDescriptor } from '../ipns/registry.js'
import { PROVIDERS, type AnyProviderDescriptor } from '../providers/registry.js'
import { InputError } from '../errors.js'
import { secretInputsOf, type Registry } from '../inputs/plugin.js'
import { ACTION_INPUTS, type InputName } from '../inputs/action-spec.generated.js'
import { checkCleanup, checkContent, checkMetadataRoom } from './checks.js'
import { readContent } from './content.js'
import type { RunContext } from '../inputs/context.js'
import { ENS_SECRET_INPUTS } from '../ens/input-names.js'
import { readEns } from './ens.js'
import { readHistoryConfig } from './history.js'
import { IPNS_SECRETS, readIpns, type IpnsKeyReader } from './ipns.js'
import { decideMayChange } from './may-change.js'
import { readNames } from './names.js'
import { readNaming } from './naming.js'
import { readProviders } from './providers.js'
import { REPORT_SECRETS, readCleanup, readMode, readPinning, readReport } from './sections.js'
import type { Config, InputSource, Inputs } from './types.js'

/** Spec defaults by input name (what the runner fills in from action.yml). */
export const INPUT_DEFAULTS: Readonly<Record<InputName, string>> = Object.fromEntries(
  ACTION_INPUTS.map((i) => [i.name, i.default]),
) as Record<InputName, string>

/** The plugin families a run chooses from; tests inject their own (a sample plugin, a double). */
export interface Registries {
  /** The pinning providers (`provider`). */
  readonly registry?: Registry<AnyProviderDescriptor>
  /** The DNS providers (`dns-provider`). */
  readonly dnsProviders?: Registry<AnyDnsDescriptor>
  /** The name publishers (`ipns-publish`). */
  readonly publishers?: Registry<AnyPublisherDescriptor>
}

/** Inputs that hold credentials: their values are masked and never quoted in messages. */
export function secretInputs(r: Registries = {}): readonly InputName[] {
  return [
    ...new Set([
      ...secretInputsOf([
        r.registry ?? PROVIDERS,
        r.dnsProviders ?? DNS_PROVIDERS,
        r.publishers ?? PUBLISHERS,
      ]),
      ...REPORT_SECRETS,
      ...IPNS_SECRETS,
      ...ENS_SECRET_INPUTS,
    ]),
  ]
}

/**
 * Registers every credential input with the host's masking before anything else reads or
 * prints: even input errors raised before the config exists cannot show one.
 */
export function maskCredentials(source: InputSource, setSecret: (value: string) => void): void {
  for (const name of secretInputs()) {
    const v = source.get(name).trim()
    if (v !== '') setSecret(v)
  }
}

/** The plugins to choose from (the built-in ones by default), and the `ipns-key` reader. */
export interface ReadOptions extends Registries {
  /** Needed when `ipns-key` is set; `loadConfig` loads it then (src/ipns/key.ts). */
  readonly ipnsKey?: IpnsKeyReader
}

/**
 * `readConfig` for the entries: the IPNS key's libraries (`@libp2p/*`) are loaded only when
 * `ipns-key` is set, so a run without IPNS never evaluates them (docs/performance.md, "The
 * CLI"). The key is still read, and refused with an `InputError` naming it, before any
 * network call.
 */
export async function loadConfig(
  source: InputSource,
  context: RunContext,
  opts: ReadOptions = {},
): Promise<Config> {
  const ipnsKey =
    opts.ipnsKey ??
    (source.get('ipns-key').trim() !== ''
      ? (await import('../ipns/key.js')).readIpnsKey
      : undefined)
  return readConfig(source, context, { ...opts, ...(ipnsKey !== undefined ? { ipnsKey } : {}) })
}

/** Reads, validates and types every input. Throws `InputError` on the first bad one. */
export function readConfig(
  source: InputSource,
  context: RunContext,
  opts: ReadOptions = {},
): Config {
  const registry = opts.registry ?? PROVIDERS
  const secrets = new Set<string>()
  const inputs: Inputs = {
    raw: (name) => source.get(name).trim(),
    untrimmed: (name) => source.get(name),
    secret: (v) => {
      if (v !== '') secrets.add(v)
    },
  }
  // Mask every credential up front, whichever plugin it is for.
  for (const name of secretInputs(opts)) inputs.secret(inputs.raw(name))

  const mode = readMode(inputs)
  const { named, providers, forkSkipped } = readProviders(inputs, context, registry)
  const chosen = { mode, providers, forkSkipped, registry }
  const content = readContent(inputs, context, mode, named)
  checkContent(chosen, content)
  const naming = readNaming(inputs, context)
  const pinning = readPinning(
    inputs,
    named.map((d) => d.id),
  )
  const cleanup = readCleanup(inputs)
  checkCleanup(chosen, cleanup)
  const report = readReport(inputs)
  const ipns = readIpns(inputs, context, mode, opts.publishers ?? PUBLISHERS, opts.ipnsKey)
  const names = {
    ...readNames(inputs, context, naming, opts.dnsProviders ?? DNS_PROVIDERS),
    ...ipns,
    ...readEns(inputs, context),
  }
  const history = readHistoryConfig(inputs, mode)
  const perPr = names.dnslink.find((d) => d.perPullRequest)?.name ?? names.dnslinkUnfilled[0]
  if (names.dnslinkTarget === 'ipns' && perPr !== undefined)
    throw new InputError(
      'dnslink-target',
      `Input "dnslink-target" is "ipns", but the "dnslink" name ${perPr} is a pull request's: it would point the preview at the one IPNS name, which previews never publish. Use "dnslink-target: ipfs" for preview names.`,
    )
  if (names.dnslinkTarget === 'ipns' && names.dnslink.length === 0)
    throw new InputError(
      'dnslink-target',
      `Input "dnslink-target" is "ipns", but "dnslink" names no domain to point at the IPNS name. Set "dnslink", or remove "dnslink-target".`,
    )
  checkMetadataRoom(named, naming, context)
  const may = decideMayChange({
    mode,
    context,
    dryRun: cleanup.dryRun,
    providers: providers.length,
    unpinPrevious: cleanup.unpinPrevious,
    unpinListed: cleanup.unpin.length,
    scope: naming.scope,
    dnslink: names.dnslink,
    dnslinkUnfilled: names.dnslinkUnfilled,
    dns: names.dns !== undefined,
    dnsSkipped: names.dnsSkipped,
    ...(names.ipns !== undefined ? { ipnsName: names.ipns.key.name } : {}),
    ipnsSkipped: names.ipnsSkipped,
    ...(names.ens !== undefined ? { ensNames: names.ens.names } : {}),
    report,
  })
  return {
    mode,
    content,
    providers,
    naming,
    pinning,
    cleanup,
    report,
    names,
    context,
    secrets: [...secrets],
    forkSkipped,
    may,
    history,
  }
}

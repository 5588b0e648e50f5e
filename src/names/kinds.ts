/**
 * The name kinds a run has, in the order they are set: IPNS before DNSLink and ENS (they may
 * point at the IPNS name). Adding a kind (ENS) is its file and one line here (docs/adding-a-provider.md).
 */
import type { Config } from '../config/types.js'
import { dnslinkKind } from './dnslink.js'
import { ipnsKind } from './ipns.js'
import type { NameKind } from './kind.js'

export function nameKinds(names: Config['names'], context: Config['context']): NameKind[] {
  return [
    ipnsKind(names),
    dnslinkKind(names),
    ...(names.ens !== undefined
      ? [
          lazyKind('ens', 'the ENS names were not set', () =>
            import('./ens.js').then((m) => m.ensKind(names, context)),
          ),
        ]
      : []),
  ]
}

/**
 * A kind whose file (and what it imports: viem, for ENS) is loaded on first use: only runs
 * that configure it. Its `unchanged` reports nothing.
 */
function lazyKind(id: NameKind['id'], notSet: string, load: () => Promise<NameKind>): NameKind {
  let kind: Promise<NameKind> | undefined
  const get = (): Promise<NameKind> => (kind ??= load())
  return {
    id,
    notSet,
    protects: async (env) => (await get()).protects(env),
    set: async (content, env) => (await get()).set(content, env),
    unchanged: () => ({}),
    retire: async (env) => (await get()).retire(env),
    republish: async (env) => (await get()).republish(env),
    preflight: async (env) => (await get()).preflight?.(env),
    prepare: async (host) => (await get()).prepare?.(host),
  }
}

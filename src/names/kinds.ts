/**
 * The name kinds a run has, in the order they are set: IPNS before DNSLink and ENS (they may
 * point at the IPNS name). Adding a kind (ENS) is its file and one line here (docs/adding-a-provider.md).
 */
import type { Config } from '../config/types.js'
import { dnslinkKind } from './dnslink.js'
import { ensKind } from './ens.js'
import { ipnsKind } from './ipns.js'
import type { NameKind } from './kind.js'

export function nameKinds(names: Config['names'], context: Config['context']): NameKind[] {
  return [ipnsKind(names), dnslinkKind(names), ensKind(names, context)]
}

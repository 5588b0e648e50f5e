/**
 * The name kinds a run has, in the order they are set: IPNS before DNSLink (a DNSLink may point
 * at the IPNS name). Adding a kind (ENS) is its file and one line here (docs/adding-a-provider.md).
 */
import type { Config } from '../config/types.js'
import { dnslinkKind } from './dnslink.js'
import { ipnsKind } from './ipns.js'
import type { NameKind } from './kind.js'

export function nameKinds(names: Config['names']): NameKind[] {
  return [ipnsKind(names), dnslinkKind(names)]
}

/**
 * The ENS section (docs/names/ens.md#inputs): the raw `ens-*` inputs, kept as strings for the
 * ENS name kind (src/names/ens.ts), which checks them all with `parseEnsOptions` before any
 * network call. Reading them here needs no viem: runs without ENS never load it (the ENS module
 * is imported only when `ens-name` is set). The secrets are registered here, with the others.
 */
import { ENS_INPUTS, ENS_SECRET_INPUTS } from '../ens/input-names.js'
import type { RunContext } from '../inputs/context.js'
import { parseList } from '../inputs/parse.js'
import type { EnsSection, Inputs } from './types.js'

export type { EnsSection } from './types.js'

export interface EnsRead {
  readonly ens?: EnsSection
  /** A pull request from a fork, without the RPC URL or key: the names are left as they are. */
  readonly ensSkipped: boolean
}

export function readEns(inputs: Inputs, context: RunContext): EnsRead {
  const names = parseList(inputs.raw('ens-name'))
  if (names.length === 0) return { ensSkipped: false }
  for (const n of ENS_SECRET_INPUTS) inputs.secret(inputs.raw(n))
  if (
    context.fork === true &&
    (inputs.raw('ens-rpc-url') === '' || inputs.raw('ens-private-key') === '')
  )
    return { ensSkipped: true }
  const raw = Object.fromEntries(
    ENS_INPUTS.map((n) => [n, inputs.untrimmed(n)]),
  ) as EnsSection['raw']
  return { ens: { raw, names }, ensSkipped: false }
}

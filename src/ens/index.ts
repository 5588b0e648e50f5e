/**
 * ENS contenthash as a name publisher (docs/names/ens.md): read a name's record, set it with a
 * deployer key, or propose the change to the Safe that owns the name. The run's name step calls
 * these; nothing here reads action inputs or writes outputs.
 */
import { openTarget } from './target.js'
import type { ContenthashState, EnsDeps, EnsTarget } from './types.js'

export { ENS_CHAINS, addressInput, ensChain, type EnsChain } from './chain.js'
export {
  contenthashOf,
  decodeContenthash,
  type Contenthash,
  type DecodedContenthash,
} from './contenthash.js'
export { EnsError, type EnsFailure } from './errors.js'
export { ensName, gatewayUrls } from './name.js'
export { proposeContenthash } from './safe.js'
export { confirmationsInput, feeCapInput, safeNonceInput } from './inputs.js'
export { setContenthash } from './send.js'
export { ensChecked, type EnsChecked } from './checked.js'
export {
  ensPreflight,
  ensPublish,
  ensReport,
  ensTargets,
  type EnsNameResult,
  type EnsPreflightName,
  type EnsOutputs,
  type EnsReport,
  type EnsTargets,
  type PublishOptions,
} from './kind.js'
export {
  ENS_INPUTS,
  ENS_SECRET_INPUTS,
  MAX_ENS_NAMES,
  WAIT_DEFAULT_MS,
  parseEnsOptions,
  type EnsInput,
  type EnsOptions,
  type EnsSigner,
  type RawInputs,
} from './options.js'
export type * from './types.js'

/** The name's own resolver and the record it holds (for a summary, or cleanup protection). */
export async function readContenthash(target: EnsTarget, deps: EnsDeps): Promise<ContenthashState> {
  return (await openTarget(target, deps)).state
}

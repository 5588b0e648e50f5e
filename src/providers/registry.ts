/** Provider ids to factories. A provider not listed here is not built yet. */
import type { ProviderConfig, ProviderId } from '../config/config.js'
import { createAiozProvider } from './aioz.js'
import { createClusterProvider } from './cluster.js'
import { createKuboProvider } from './kubo.js'
import { createPinataProvider } from './pinata.js'
import type { Provider, ProviderDeps } from './types.js'

/** Providers that can be used today; the others parse but stop with "not implemented yet". */
export const IMPLEMENTED: readonly ProviderId[] = ['pinata', 'aioz', 'cluster', 'kubo']

export function createProvider(config: ProviderConfig, deps: ProviderDeps): Provider {
  switch (config.id) {
    case 'kubo':
      return createKuboProvider(config, deps)
    case 'cluster':
      return createClusterProvider(config, deps)
    case 'pinata':
      return createPinataProvider(config, deps)
    case 'aioz':
      return createAiozProvider(config, deps)
    default:
      throw new Error(`provider ${config.id} is not implemented yet`)
  }
}

/** Provider ids to factories. */
import type { ProviderConfig } from '../config/config.js'
import { createAiozProvider } from './aioz.js'
import { createClusterProvider } from './cluster.js'
import { createKuboProvider } from './kubo.js'
import { createPinataProvider } from './pinata.js'
import { createPsaProvider } from './psa.js'
import { createSagittariusProvider } from './sagittarius.js'
import type { Capabilities, Provider, ProviderDeps } from './types.js'

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
    case 'sagittarius':
      return createSagittariusProvider(config, deps)
    case 'psa':
    case 'pinata-psa':
    case 'filebase':
    case '4everland':
    case 'web3-storage':
    case 'cluster-psa':
      return createPsaProvider(config, deps)
  }
}

/** A provider's capability flags: an operation exists when its method does. */
export function capabilitiesOf(p: Provider): Capabilities {
  return {
    uploadCar: p.uploadCar !== undefined,
    uploadFiles: p.uploadFiles !== undefined,
    pinByCid: p.pin !== undefined,
    status: p.status !== undefined,
    unpin: p.unpin !== undefined,
    list: p.list !== undefined,
  }
}

/**
 * The pinning providers: one line per provider. Every id list, secret list, preset and trait
 * check of the run is derived from this list (docs/adding-a-provider.md).
 */
import { defineRegistry, type Registry } from '../inputs/plugin.js'
import { aioz } from './aioz.js'
import { cluster } from './cluster.js'
import { filebaseS3 } from './filebase-s3.js'
import { kubo } from './kubo.js'
import { pinata } from './pinata.js'
import { pinataV3 } from './pinata-v3.js'
import { psaProviders } from './psa.js'
import { sagittarius } from './sagittarius.js'
import type {
  Capabilities,
  Provider,
  ProviderDeps,
  ProviderDescriptor,
  ProviderOptions,
} from './types.js'

const LIST = [
  pinata,
  aioz,
  sagittarius,
  cluster,
  kubo,
  filebaseS3,
  pinataV3,
  ...psaProviders,
] as const

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each descriptor has its own options type
export type AnyProviderDescriptor = ProviderDescriptor<string, any>

export const PROVIDERS: Registry<AnyProviderDescriptor> = defineRegistry('provider', LIST)

/** A provider the run uses: its descriptor and the options read for it. */
export interface ConfiguredProvider {
  readonly id: string
  readonly descriptor: AnyProviderDescriptor
  readonly options: ProviderOptions
}

export function createProvider(p: ConfiguredProvider, deps: ProviderDeps): Provider {
  return p.descriptor.create(p.options, deps)
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

/** The name publishers: one line per publisher (docs/adding-a-provider.md, same pattern). */
import { defineRegistry, type Registry } from '../inputs/plugin.js'
import { delegatedRouting } from './delegated-routing.js'
import { kuboPublisher } from './kubo.js'
import type { PublisherDescriptor } from './types.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each descriptor has its own options
export type AnyPublisherDescriptor = PublisherDescriptor<string, any>

export const PUBLISHERS: Registry<AnyPublisherDescriptor> = defineRegistry('ipns-publish', [
  delegatedRouting,
  kuboPublisher,
])

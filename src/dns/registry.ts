/** The DNS providers: one line per provider (docs/adding-a-provider.md, same pattern). */
import { defineRegistry, type Registry } from '../plugins.js'
import { cloudflare } from './cloudflare.js'
import { dnsimple } from './dnsimple.js'
import type { DnsDescriptor } from './types.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each descriptor has its own options
export type AnyDnsDescriptor = DnsDescriptor<string, any>

export const DNS_PROVIDERS: Registry<AnyDnsDescriptor> = defineRegistry('dns-provider', [
  cloudflare,
  dnsimple,
])

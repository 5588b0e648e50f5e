/** The DNS providers: one line per provider (docs/adding-a-provider.md, same pattern). */
import { defineRegistry, type Registry } from '../inputs/plugin.js'
import { cloudflare } from './cloudflare.js'
import { digitalocean } from './digitalocean.js'
import { dnsimple } from './dnsimple.js'
import { gandi } from './gandi.js'
import { route53 } from './route53.js'
import type { DnsDescriptor } from './types.js'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each descriptor has its own options
export type AnyDnsDescriptor = DnsDescriptor<string, any>

export const DNS_PROVIDERS: Registry<AnyDnsDescriptor> = defineRegistry('dns-provider', [
  cloudflare,
  dnsimple,
  route53,
  gandi,
  digitalocean,
])

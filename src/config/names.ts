/**
 * The names section: the retrieval check (which gateways, how long, what a failure does, what
 * to fetch) and DNSLink (which names, which DNS provider, read by its own descriptor in src/dns/).
 */
import type { CheckScope } from '../check/retrieval.js'
import type { AnyDnsDescriptor } from '../dns/registry.js'
import type { DnsOptions } from '../dns/types.js'
import { InputError, listAllowed, quote } from '../errors.js'
import { configurePlugin, type Registry } from '../inputs/plugin.js'
import type { InputName } from '../inputs/action-spec.generated.js'
import type { RunContext } from '../inputs/context.js'
import { checkTemplate, fillTemplate } from './naming.js'
import {
  parseChoice,
  parseDuration,
  parseHttpUrl,
  parseInteger,
  parseList,
} from '../inputs/parse.js'
import type { Inputs, NamesConfig, NamingConfig } from './types.js'

export const NAMES_INPUTS = [
  'check-gateways',
  'check-timeout',
  'check-policy',
  'check-scope',
  'dnslink',
  'dns-provider',
  'dns-zone',
  'dns-ttl',
] as const satisfies readonly InputName[]

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/

/** A domain name as DNS takes it: lower case, letters, digits and hyphens, two labels or more. */
function checkDomain(name: string, template: string): string {
  const d = name.toLowerCase().replace(/\.$/, '')
  const labels = d.split('.')
  if (d.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)))
    throw new InputError(
      'dnslink',
      `Input "dnslink" has ${quote(template)}, which gives ${quote(name)}: not a domain name. Allowed: names such as example.org or pr-{pr}.preview.example.org (letters, digits and "-", labels of 63 characters at most).`,
    )
  return d
}

function readScope(value: string): CheckScope {
  if (value === 'all' || value === 'root') return { kind: value }
  if (value.startsWith('/') && !value.split('/').some((s) => s === '..' || s === '.'))
    return { kind: 'path', path: value.replace(/\/+$/, '') || '/' }
  throw new InputError(
    'check-scope',
    `Input "check-scope" has ${quote(value)}, which is not allowed. Allowed: "all", "root", or a path in the content starting with "/" (such as /index.html).`,
  )
}

export function readNames(
  inputs: Inputs,
  context: RunContext,
  naming: Pick<NamingConfig, 'environment'>,
  registry: Registry<AnyDnsDescriptor>,
): Omit<NamesConfig, 'ipns' | 'ipnsSkipped' | 'dnslinkTarget'> {
  const gateways = parseList(inputs.raw('check-gateways')).map((g) =>
    parseHttpUrl('check-gateways', g),
  )
  const timeoutMs = parseDuration('check-timeout', inputs.raw('check-timeout'), {
    allowZero: false,
  })
  const policy = parseChoice('check-policy', inputs.raw('check-policy'), ['fail', 'warn'] as const)
  const scope = readScope(inputs.raw('check-scope'))
  const check = gateways.length > 0 ? { gateways, timeoutMs, policy, scope } : undefined

  const templates = parseList(inputs.raw('dnslink'))
  for (const t of templates) checkTemplate(t, 'dnslink')
  // A name with {pr} belongs to a pull request: a run that is not for one skips it (with a
  // notice, src/config/may-change.ts) instead of failing, so one workflow serves both events.
  const dnslinkUnfilled = templates.filter((t) => t.includes('{pr}') && context.pr === undefined)
  const dnslink = templates
    .filter((t) => !dnslinkUnfilled.includes(t))
    .map((t) => ({
      name: checkDomain(fillTemplate(t, 'dnslink', { naming, context }), t),
      perPullRequest: t.includes('{pr}'),
    }))
  const dup = dnslink.find((d, i) => dnslink.findIndex((x) => x.name === d.name) !== i)
  if (dup !== undefined)
    throw new InputError('dnslink', `Input "dnslink" names ${quote(dup.name)} twice.`)

  const providerId = inputs.raw('dns-provider').toLowerCase()
  const zone = inputs.raw('dns-zone').toLowerCase().replace(/\.$/, '')
  const base = { ...(check !== undefined ? { check } : {}), dnslink, dnslinkUnfilled }
  if (providerId === '') {
    if (templates.length > 0)
      throw new InputError(
        'dns-provider',
        `Input "dnslink" names ${quote(dnslink[0]?.name ?? templates[0] ?? '')}, which needs "dns-provider". Allowed: ${listAllowed(registry.ids)}.`,
      )
    return { ...base, dnsSkipped: false }
  }
  const descriptor = registry.get(providerId)
  if (templates.length === 0)
    throw new InputError(
      'dnslink',
      `Input "dns-provider" is "${descriptor.id}", but "dnslink" names no domain to point at the content. Set "dnslink", or remove "dns-provider".`,
    )
  if (zone !== '')
    for (const d of dnslink)
      if (d.name !== zone && !d.name.endsWith(`.${zone}`))
        throw new InputError(
          'dns-zone',
          `Input "dns-zone" is ${quote(zone)}, but the "dnslink" name ${quote(d.name)} is not in it.`,
        )
  // In a pull request from a fork, no credentials: names are left as they are.
  const read = configurePlugin<DnsOptions>(descriptor, inputs, { fork: context.fork === true })
  if (read === undefined) return { ...base, dnsSkipped: true }
  // Each provider raises it to its own floor and keeps an existing record's TTL.
  const ttl = parseInteger('dns-ttl', inputs.raw('dns-ttl') || '60', 1, 2_147_483_647)
  const options: DnsOptions = { ...read, ttl, ...(zone !== '' ? { zone } : {}) }
  return { ...base, dns: { id: descriptor.id, descriptor, options }, dnsSkipped: false }
}

/**
 * What scripts/gen-docs.mjs needs from the TypeScript sources, as plain data: each plugin family
 * (read from its registry: ids, titles, docs pages, inputs, credentials, traits), the allowed
 * values of the choice inputs, and the inputs that hold secrets. gen-docs.mjs loads this file
 * through tsx (a devDependency): no build, no network; importing a registry only declares its
 * plugins.
 */
import { ALLOWED_VALUES } from '../src/config/sources.js'
import { secretInputs } from '../src/config/config.js'
import { DNS_PROVIDERS } from '../src/dns/registry.js'
import type { AnyPlugin, Registry } from '../src/inputs/plugin.js'
import { PUBLISHERS } from '../src/ipns/registry.js'
import { PROVIDERS } from '../src/providers/registry.js'

export interface PluginData {
  readonly id: string
  readonly title: string
  readonly docs: string
  readonly inputs: readonly { readonly name: string; readonly secret: boolean }[]
  readonly credentials: readonly string[]
  readonly credentialsOptional: boolean
  readonly traits: Readonly<Record<string, unknown>>
}

export interface FamilyData {
  /** The input that chooses among the family's plugins (`provider`, `dns-provider`…). */
  readonly input: string
  readonly plugins: readonly PluginData[]
}

const data = (r: Registry<AnyPlugin>): FamilyData => ({
  input: r.family,
  plugins: r.all.map((p) => ({
    id: p.id,
    title: p.title,
    docs: p.docs,
    inputs: p.inputs.map((i) => ({ name: i.name, secret: i.secret === true })),
    credentials: [...p.credentials],
    credentialsOptional: p.credentialsOptional === true,
    traits: { ...(p.traits as Record<string, unknown>) },
  })),
})

/** Every family, in the order the docs present them. */
export const FAMILIES: readonly FamilyData[] = [PROVIDERS, DNS_PROVIDERS, PUBLISHERS].map(data)

export const ALLOWED: Readonly<Record<string, readonly string[]>> = { ...ALLOWED_VALUES }

export const SECRET_INPUTS: readonly string[] = secretInputs()

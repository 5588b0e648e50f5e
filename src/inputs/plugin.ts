/**
 * The plugin pattern every family follows (pinning providers, DNS providers, name publishers):
 * one file per plugin exports one descriptor that says what it is, the action
 * inputs it owns, how it reads and checks them, its traits, and how to create it. A family's
 * registry is a list of descriptors; every id list, secret list, input table and trait check is
 * derived from it, and `npm run gen` writes the allowed ids in action.yml, the GitLab component's
 * inputs and the docs index tables from it, so adding a plugin is its file and one registry line
 * (docs/adding-a-provider.md).
 */
import type { InputName } from './action-spec.generated.js'
import { InputError, listAllowed, quote } from '../errors.js'
import { didYouMean } from './nearest.js'

/** An action input a plugin owns. */
export interface InputSpec {
  readonly name: InputName
  /** Holds a credential: masked before anything is printed, never quoted in messages. */
  readonly secret?: boolean
}

/** What a plugin's `read` gets: the raw inputs, and a way to mask what it derives from them. */
export interface ReadContext {
  /** The input's trimmed value, `''` when unset (defaults already applied). */
  raw(name: InputName): string
  /** Registers a value derived from a credential (a header value, an encoding) to be masked. */
  secret(value: string): void
}

export interface Plugin<Id extends string, Options, Traits, Instance, Deps> {
  /**
   * The family, named by the input that chooses among it (`provider`, `dns-provider`,
   * `ipns-publish`): its registry takes only plugins of its family, and messages about an id
   * name that input.
   */
  readonly family: string
  readonly id: Id
  /** One line: what it is, for messages and docs (the generated index tables show it). */
  readonly title: string
  /**
   * The page that says what the service must do for this plugin to work (its contract, sources,
   * what is unverified), as a path from the repository root: `docs/providers/<id>.md`. The
   * generated index tables link it (`npm run gen`); a test checks that it exists.
   */
  readonly docs: string
  /** Every action input this plugin reads. */
  readonly inputs: readonly InputSpec[]
  /**
   * The inputs holding its credentials (some of `inputs`). A 401/403 names them; in a pull
   * request from a fork a plugin none of whose credentials is set is skipped.
   */
  readonly credentials: readonly InputName[]
  /** Works without any credential (a node you run may need none). */
  readonly credentialsOptional?: boolean
  readonly traits: Traits
  /** Reads and checks its inputs; throws `InputError` naming the input on bad input. */
  read(ctx: ReadContext): Options
  create(options: Options, deps: Deps): Instance
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a plugin of any options type
export type AnyPlugin = Plugin<string, any, unknown, unknown, any>

export interface Registry<P extends AnyPlugin> {
  /** The family: the input that chooses among its plugins. */
  readonly family: InputName
  readonly all: readonly P[]
  readonly ids: readonly P['id'][]
  /** The plugin for `id`; an `InputError` on the family's input listing the allowed ids. */
  get(id: string): P
  /** Every input some plugin marks secret, each once. */
  readonly secretInputs: readonly InputName[]
}

export function defineRegistry<P extends AnyPlugin>(
  family: InputName,
  all: readonly P[],
): Registry<P> {
  const byId = new Map<string, P>()
  for (const p of all) {
    if (p.family !== family)
      throw new Error(`the "${family}" registry lists "${p.id}", a "${p.family}" plugin`)
    if (byId.has(p.id)) throw new Error(`two ${family} plugins named "${p.id}"`)
    byId.set(p.id, p)
  }
  const ids = all.map((p) => p.id)
  const unique = (xs: readonly InputName[]): InputName[] => [...new Set(xs)]
  return {
    family,
    all,
    ids,
    get(id) {
      const p = byId.get(id)
      if (p === undefined)
        throw new InputError(
          family,
          `Input "${family}" has ${quote(id)}, which is not allowed.${didYouMean(id, ids)} Allowed: ${listAllowed(ids)}.`,
        )
      return p
    },
    secretInputs: unique(
      all.flatMap((p) => p.inputs.filter((i) => i.secret === true).map((i) => i.name)),
    ),
  }
}

/** Who runs: a pull request from a fork gets no secrets. */
export interface ForkRule {
  /** The run is for a pull request from a fork. */
  readonly fork: boolean
  /** A plugin whose credentials are optional still runs there (`fork-unauthenticated`). */
  readonly unauthenticated?: boolean
}

/**
 * Reads one chosen plugin's inputs, the same way in every family. In a pull request from a fork
 * a plugin none of whose credential inputs is set is skipped (`undefined`: the run goes on
 * without it instead of failing every such pull request), unless its credentials are optional
 * and the rule allows that. Otherwise its `read` runs (an `InputError` naming the input on bad
 * input; what it derives from a credential goes through `ctx.secret`), and its options carry
 * the credential inputs a 401/403 names: those set, else all of them.
 */
export function configurePlugin<O>(
  plugin: AnyPlugin,
  ctx: ReadContext,
  rule: ForkRule,
): (O & { readonly credentials: readonly InputName[] }) | undefined {
  const set = plugin.credentials.filter((n) => ctx.raw(n) !== '')
  if (
    rule.fork &&
    set.length === 0 &&
    !(rule.unauthenticated === true && plugin.credentialsOptional === true)
  )
    return undefined
  const options = plugin.read(ctx) as O
  return { ...options, credentials: set.length > 0 ? set : plugin.credentials }
}

/** Every input some plugin of these families marks secret, each once. */
export function secretInputsOf(registries: readonly Registry<AnyPlugin>[]): InputName[] {
  return [...new Set(registries.flatMap((r) => r.secretInputs))]
}

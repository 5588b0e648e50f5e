/**
 * The plugin pattern every family follows (pinning providers, DNS providers, name publishers):
 * one file per plugin exports one descriptor that says what it is, the action
 * inputs it owns, how it reads and checks them, its traits, and how to create it. A family's
 * registry is a list of descriptors; every id list, secret list, input table and trait check is
 * derived from it, so adding a plugin is its file and one registry line (docs/adding-a-provider.md).
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
  /** `provider`, `dns`…: the family, as its input names it in messages. */
  readonly family: string
  readonly id: Id
  /** One line: what it is, for messages and docs. */
  readonly title: string
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
  readonly family: string
  readonly all: readonly P[]
  readonly ids: readonly P['id'][]
  /** The plugin for `id`; an `InputError` on the family's input listing the allowed ids. */
  get(id: string, input: string): P
  /** Every input some plugin marks secret, each once. */
  readonly secretInputs: readonly InputName[]
}

export function defineRegistry<P extends AnyPlugin>(
  family: string,
  all: readonly P[],
): Registry<P> {
  const byId = new Map<string, P>()
  for (const p of all) {
    if (byId.has(p.id)) throw new Error(`two ${family} plugins named "${p.id}"`)
    byId.set(p.id, p)
  }
  const ids = all.map((p) => p.id)
  const unique = (xs: readonly InputName[]): InputName[] => [...new Set(xs)]
  return {
    family,
    all,
    ids,
    get(id, input) {
      const p = byId.get(id)
      if (p === undefined)
        throw new InputError(
          input,
          `Input "${input}" has ${quote(id)}, which is not allowed.${didYouMean(id, ids)} Allowed: ${listAllowed(ids)}.`,
        )
      return p
    },
    secretInputs: unique(
      all.flatMap((p) => p.inputs.filter((i) => i.secret === true).map((i) => i.name)),
    ),
  }
}

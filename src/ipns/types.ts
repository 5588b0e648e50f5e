/**
 * The name publisher contract (a plugin family, src/inputs/plugin.ts): where a record signed in CI
 * goes, and how it is read back. One file per publisher exports a descriptor
 * (`definePublisher`) whose factory returns the targets it publishes to (one per Delegated
 * Routing endpoint; one Kubo node). The key never leaves the runner: targets get signed
 * records only.
 */
import type { InputName } from '../inputs/action-spec.generated.js'
import type { Plugin } from '../inputs/plugin.js'
import type { CallOptions, ProviderDeps } from '../http/deps.js'

export interface GetOptions extends CallOptions {
  /** An answer that only may mean "no record" (a 200 of another media type) is a failure. */
  readonly strict?: boolean
}

export interface NameTarget {
  /** Names it in logs, results and messages: the endpoint's host and path, or `kubo`. */
  readonly label: string
  /**
   * The record it holds for `name` now, serialized (not yet verified: the caller does);
   * `undefined` when it has none. Throws when it cannot tell.
   */
  get(name: string, opts?: GetOptions): Promise<Uint8Array | undefined>
  /** Gives it the signed record. */
  put(name: string, record: Uint8Array, opts?: CallOptions): Promise<void>
  /** What the name resolves to through it (a node's own resolver), when it has one. */
  resolve?(name: string, opts?: CallOptions): Promise<string | undefined>
}

export interface PublisherOptions {
  readonly id: string
  readonly credentials?: readonly InputName[]
}

export type PublisherTraits = Readonly<Record<string, never>>

export type PublisherDescriptor<
  Id extends string = string,
  O extends PublisherOptions = PublisherOptions,
> = Plugin<Id, O, PublisherTraits, NameTarget[], ProviderDeps> & { readonly family: 'ipns-publish' }

export function definePublisher<const Id extends string, O extends PublisherOptions & { id: Id }>(
  d: PublisherDescriptor<Id, O>,
): PublisherDescriptor<Id, O> {
  return d
}

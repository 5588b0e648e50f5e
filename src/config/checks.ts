/**
 * Checks that span sections: what one input requires of another. Each throws an `InputError`
 * naming the input to change and saying how, before any network call.
 */
import { InputError, listAllowed } from '../errors.js'
import type { Registry } from '../inputs/plugin.js'
import type { AnyProviderDescriptor, ConfiguredProvider } from '../providers/registry.js'
import { runTags } from '../tags.js'
import type { RunContext } from '../inputs/context.js'
import type { CleanupConfig, ContentConfig, Mode, NamingConfig } from './types.js'

interface Chosen {
  readonly mode: Mode
  readonly providers: readonly ConfiguredProvider[]
  readonly forkSkipped: readonly string[]
  readonly registry: Registry<AnyProviderDescriptor>
}

const ids = (ds: readonly { id: string }[]): string => ds.map((d) => d.id).join(', ')

/** What the content asks of the mode and the providers. */
export function checkContent(c: Chosen, content: ContentConfig): void {
  if (c.mode === 'deploy' && content.kind === 'none')
    throw new InputError(
      'path',
      `Input "path" is required: set it to the file or directory to publish, or set "cid" to pin existing content.`,
    )
  if (content.kind === 'cid' && c.providers.length === 0)
    throw new InputError(
      'provider',
      `Input "cid" pins existing content, which needs at least one "provider". Allowed: ${listAllowed(c.registry.ids)}.`,
    )
  const uploaders = c.registry.all.filter((d) => d.traits.kind === 'upload')
  if (
    content.kind === 'path' &&
    c.providers.length > 0 &&
    c.providers.every((p) => p.descriptor.traits.kind === 'pin-only')
  )
    throw new InputError(
      'provider',
      `Input "provider" names only pin-only services (${ids(c.providers)}): they fetch content from the IPFS network, and a CI runner is not reachable there. Add a provider that takes uploads (${listAllowed(uploaders.map((d) => d.id))}) before them, or pin content already on the network with "cid".`,
    )
  if (c.mode === 'cleanup' && c.providers.length === 0 && c.forkSkipped.length === 0)
    throw new InputError(
      'provider',
      `Input "mode" is "cleanup", which needs at least one "provider" to unpin from.`,
    )
}

/** What cleanup asks of the providers: someone to unpin from, and labels to find the scope by. */
export function checkCleanup(c: Chosen, cleanup: CleanupConfig): void {
  const { unpinPrevious, unpin } = cleanup
  if (c.mode === 'republish' && (unpinPrevious || unpin.length > 0))
    throw new InputError(
      unpinPrevious ? 'unpin-previous' : 'unpin',
      `Input "mode" is "republish", which only re-signs the IPNS record and unpins nothing: remove "${unpinPrevious ? 'unpin-previous' : 'unpin'}", or run it with mode "deploy" or "cleanup".`,
    )
  if ((unpinPrevious || unpin.length > 0) && c.providers.length === 0 && c.forkSkipped.length === 0)
    throw new InputError(
      unpinPrevious ? 'unpin-previous' : 'unpin',
      `Input "${unpinPrevious ? 'unpin-previous' : 'unpin'}" needs at least one "provider" to unpin from.`,
    )
  // Earlier deployments are found by their labels: someone must keep labels. The explicit
  // "unpin" list needs none: with only providers that keep no labels, a cleanup run removes
  // just those CIDs.
  const labelless =
    c.providers.length > 0 && c.providers.every((p) => !p.descriptor.traits.keepsLabels)
  if (!labelless || !(unpinPrevious || (c.mode === 'cleanup' && unpin.length === 0))) return
  const set = c.providers.map((p) => p.id).join(' and ')
  const verb = c.providers.length === 1 ? 'keeps' : 'keep'
  const keepers = listAllowed(c.registry.all.filter((d) => d.traits.keepsLabels).map((d) => d.id))
  throw new InputError(
    unpinPrevious ? 'unpin-previous' : 'mode',
    unpinPrevious
      ? `Input "unpin-previous" finds earlier deployments by the labels stored with each pin, and ${set} ${verb} none. Add a provider that keeps labels (${keepers}) to "provider", or remove "unpin-previous" and list the CIDs to remove in "unpin".`
      : `Input "mode" is "cleanup", which finds the scope's pins by their labels, and ${set} ${verb} none. List the CIDs to remove in "unpin", or add a provider that keeps labels (${keepers}) to "provider".`,
  )
}

/** A provider that keeps few metadata keys per pin: the action's labels come first. */
export function checkMetadataRoom(
  named: readonly AnyProviderDescriptor[],
  naming: NamingConfig,
  context: RunContext,
): void {
  const ours = Object.keys(runTags({ naming, context }, new Date())).length
  const theirs = Object.keys(naming.metadata).length
  for (const d of named) {
    const max = d.traits.maxMetadataKeys
    if (max !== undefined && ours + theirs > max)
      throw new InputError(
        'metadata',
        `Input "metadata" has ${theirs} keys; provider "${d.id}" keeps at most ${max} per pin and the action's own labels take ${ours} in this run, so at most ${max - ours} are allowed.`,
      )
  }
}

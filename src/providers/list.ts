/** What listing providers share: the client-side filter and the bound on paging. */
import { sameCid } from '../cid.js'
import { scopesOf } from '../tags.js'
import type { ListFilter } from './types.js'

/** No listing reads more pages than this, whatever the service says about totals. */
export const MAX_PAGES = 10_000

/** Services match names by substring or not at all: every listing checks the exact filter too. */
export function matchesFilter(
  filter: ListFilter,
  name: string | undefined,
  metadata: Readonly<Record<string, string>>,
  cid?: string,
): boolean {
  if (filter.name !== undefined && name !== filter.name) return false
  if (filter.scope !== undefined && !scopesOf(metadata).includes(filter.scope)) return false
  if (filter.cid !== undefined && (cid === undefined || !sameCid(cid, filter.cid))) return false
  return Object.entries(filter.metadata ?? {}).every(([k, v]) => metadata[k] === v)
}

/** Metadata values as strings (services return numbers and booleans as given). */
export function stringValues(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {}
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
      .map(([k, v]) => [k, String(v as string | number | boolean)]),
  )
}

/**
 * The rollback and history section (docs/rollback.md): `to`, read by the rollback
 * (src/history/rollback.ts `parseRollbackTo`, before any network call), and `history`, whether
 * every run lists the scope's deployments in its summary and `history` output.
 */
import { InputError, quote } from '../errors.js'
import type { InputName } from '../inputs/action-spec.generated.js'
import { parseBoolean } from '../inputs/parse.js'
import type { Mode } from './may-change.js'
import type { HistoryConfig, Inputs } from './types.js'

export const HISTORY_INPUTS = ['to', 'history'] as const satisfies readonly InputName[]

export function readHistoryConfig(inputs: Inputs, mode: Mode): HistoryConfig {
  const to = inputs.raw('to')
  if (to !== '' && mode !== 'rollback')
    throw new InputError(
      'to',
      `Input "to" has ${quote(to)}, but "mode" is "${mode}": "to" names the deployment a rollback goes back to. Remove "to", or set "mode: rollback".`,
    )
  return { show: parseBoolean('history', inputs.raw('history')), to }
}

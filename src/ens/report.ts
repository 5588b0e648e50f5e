/**
 * The ENS results as users see them (docs/names/ens.md#outputs): the step's outputs and the
 * summary's table, from each name's result. No viem here: the run's views import this without
 * loading the ENS module (src/names/ens.ts loads it only when `ens-name` is set).
 */
import { mdCode, mdRow } from '../text.js'
import type { EnsFailure } from './errors.js'

/** What happened to one name. */
export interface EnsNameResult {
  readonly name: string
  readonly status: 'set' | 'unchanged' | 'simulated' | 'proposed' | 'already-proposed' | 'failed'
  /** The value asked for. */
  readonly value: string
  /** The record before, as a URI, when it held one. */
  readonly previous?: string
  readonly contenthash?: string
  readonly signer?: string
  readonly txHash?: string
  readonly blockNumber?: string
  readonly safeTxHash?: string
  /** The proposal (or the Safe's queue) in the Safe app. */
  readonly safeUrl?: string
  /** Confirmations the owners still have to give (Safe). */
  readonly confirmationsNeeded?: number
  readonly gatewayUrls: readonly string[]
  readonly failure?: {
    readonly reason: EnsFailure | 'error'
    readonly message: string
    readonly hash?: string
  }
}

/** The outputs docs/names/ens.md#outputs proposes: one value for one name, JSON by name for several. */
export type EnsOutputs = Record<
  'ens-contenthash' | 'ens-tx-hash' | 'ens-safe-tx-hash' | 'ens-safe-url' | 'ens-urls',
  string
>

export interface EnsReport {
  readonly outputs: EnsOutputs
  /** Markdown for the summary (every value inert). */
  readonly summary: string
  /** The names that failed, with why (the step fails when there is one). */
  readonly failures: readonly string[]
}

function byName(
  results: readonly EnsNameResult[],
  pick: (r: EnsNameResult) => string | undefined,
): string {
  const got = results.flatMap((r) => {
    const v = pick(r)
    return v !== undefined ? [[r.name, v] as const] : []
  })
  if (got.length === 0) return ''
  if (results.length === 1) return got[0]?.[1] ?? ''
  return JSON.stringify(Object.fromEntries(got))
}

const WORDS: Record<EnsNameResult['status'], string> = {
  set: 'set',
  unchanged: 'already pointed there',
  simulated: 'dry run: simulated, nothing sent',
  proposed: 'proposed to the Safe',
  'already-proposed': 'already proposed to the Safe',
  failed: 'failed',
}

export function ensReport(results: readonly EnsNameResult[]): EnsReport {
  const outputs: EnsOutputs = {
    'ens-contenthash': byName(results, (r) => r.contenthash),
    'ens-tx-hash': byName(results, (r) => r.txHash),
    'ens-safe-tx-hash': byName(results, (r) => r.safeTxHash),
    'ens-safe-url': byName(results, (r) => r.safeUrl),
    'ens-urls': results.flatMap((r) => r.gatewayUrls).join('\n'),
  }
  const lines = [
    '### ENS',
    '',
    mdRow(['name', 'value', 'before', 'what happened']),
    '| --- | --- | --- | --- |',
  ]
  for (const r of results) {
    const what = [WORDS[r.status]]
    if (r.txHash !== undefined) what.push(`transaction ${mdCode(r.txHash)}`)
    if (r.safeTxHash !== undefined) what.push(`safeTxHash ${mdCode(r.safeTxHash)}`)
    if (r.confirmationsNeeded !== undefined && r.status !== 'simulated')
      what.push(
        `${r.confirmationsNeeded} owner confirmation${r.confirmationsNeeded === 1 ? '' : 's'} still needed`,
      )
    if (r.safeUrl !== undefined && /^https:\/\//.test(r.safeUrl))
      what.push(`[open in the Safe app](<${r.safeUrl.replace(/[<>\s]/g, '')}>)`)
    if (r.failure !== undefined) what.push(mdCode(r.failure.message.slice(0, 300)))
    const link = r.gatewayUrls[0]
    lines.push(
      mdRow([
        link !== undefined ? `[${mdCode(r.name)}](<${link}>)` : mdCode(r.name),
        mdCode(r.value),
        mdCode(r.previous ?? ''),
        what.join(' · '),
      ]),
    )
  }
  return {
    outputs,
    summary: `${lines.join('\n')}\n`,
    // The module's messages start with the name already (src/ens/errors.ts); others get it.
    failures: results.flatMap((r) =>
      r.failure === undefined
        ? []
        : r.failure.message.startsWith(`ENS name ${r.name}`)
          ? [r.failure.message]
          : [`ENS name ${r.name}: ${r.failure.message}`],
    ),
  }
}

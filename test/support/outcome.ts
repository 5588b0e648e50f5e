/** An outcome for the views' tests: the one a run of `config` starts with, and `more`. */
import type { Config } from '../../src/config/types.js'
import { startOutcome, type Outcome } from '../../src/run/outcome.js'
import { planRun } from '../../src/run/plan.js'

export function outcomeOf(config: Config, more: Partial<Outcome> = {}): Outcome {
  const o = startOutcome(planRun(config), {
    scope: config.naming.scope,
    configured: config.providers.length,
  })
  return { ...o, ...more, names: { ...o.names, ...more.names } }
}

/** What the comment needs of the inputs besides the outcome. */
export const githubOf = (config: Config) => ({
  environment: config.naming.environment,
  sha: config.context.sha,
})

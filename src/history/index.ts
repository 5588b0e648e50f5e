/**
 * A scope's deployment history and rollback (docs/rollback.md): built from the labelled pins
 * (and GitHub Deployments), shown in the summary and the `history` output, and the rollback
 * target chosen from it. Nothing here reads action inputs or writes outputs: the run does.
 */
export {
  buildHistory,
  entryOf,
  isPinned,
  HISTORY_SHOWN,
  MAX_ENTRIES,
  type GithubDeploymentRecord,
  type History,
  type HistoryEntry,
  type HistoryInput,
  type ListedRecord,
} from './history.js'
export {
  cidOfDescription,
  deploymentDescription,
  readGithubDeployments,
  scopeDeployments,
  scopeTag,
  type GetJson,
} from './github.js'
export { MAX_SCOPE_PINS, readScope, stillPinned, type PinCheck, type ScopeListing } from './read.js'
export {
  assertStillPinned,
  chooseRollbackTarget,
  MAX_BACK,
  parseRollbackTo,
  rollbackKeep,
  rollbackRefusal,
  RollbackError,
  type ChooseOptions,
  type RollbackChoice,
  type RollbackFailure,
  type RollbackTo,
} from './rollback.js'
export {
  historyJson,
  historyMarkdown,
  historyOutput,
  type HistoryJson,
  type ViewOptions,
} from './view.js'
export {
  isRollbackRefusal,
  pinnedOn,
  readHistory,
  rollback,
  type HistorySources,
  type RollbackOutcome,
  type RollbackPorts,
  type RollbackRequest,
} from './run.js'

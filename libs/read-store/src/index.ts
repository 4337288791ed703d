export * from './read-store.port';
export { ReadStoreDefinitionError, physicalName } from './identifiers';
export { ReadStoreArgumentError, SqlReadStore } from './sql/sql-read-store';
export {
  ReadModelEngine,
  type EngineProgress,
  type EngineRole,
  type ProjectionProgress,
  type ReadModelEngineOptions,
} from './engine/read-model-engine';
export { CheckpointMovedError } from './engine/lane';
export { ProjectionContractError } from './engine/page-transaction';
export { ProjectionReader } from './engine/projection-reader';
export { effectiveDateOf, recordedAtOf, stamp } from './validity';
export * from './pilot/trial-balance.projection';
export { fenToYuan, yuanToFen } from './pilot/fen';

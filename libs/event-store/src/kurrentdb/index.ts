export * from './kurrentdb-event-store';
export {
  COMMAND_RECORDED_TYPE,
  COMMAND_STREAM_PREFIX,
  DEFAULT_RETRY_POLICY,
  KurrentDbDataError,
  type RetryPolicy,
} from './mapping';

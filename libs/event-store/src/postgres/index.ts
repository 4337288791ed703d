export * from './postgres-event-store';
export { assertSchemaName, notifyChannel, schemaDdl } from './schema';

export * from './postgres-read-store';
export { AdvisoryLease, advisoryKey } from './postgres-lease';

export * from './event-store.port';
export * from './errors';
export * from './hash-chain';
export * from './polling-subscription';
export * from './append-validation';
export * from './store-faults';

export * from './journal.fold';
export * from './chart-of-accounts';
export * from './cross-financing';

export * from './projection';
export * from './projector';
export * from './projector-group';
export * from './fold';
export * from './sqlite-snapshot-store';
export * from './head-tracker';
export * from './recorded-at';

export * from './projection';
export * from './projector';
export * from './sqlite-snapshot-store';

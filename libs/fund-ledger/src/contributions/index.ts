export * from './contributions.events';
export * from './contributions.state';
export * from './contributions.decider';
export * from './set-contribution-rates/set-contribution-rates.decider';
export * from './collect-payroll-contribution/collect-payroll-contribution.decider';
export * from './collect-payroll-contribution/payroll-split';
export * from './collect-contribution/collect-contribution.decider';

export * from './budget-policy.events';
export * from './budget-policy.state';
export * from './budget-policy.decider';
export { MAX_TIERS, MAX_WITHHOLD_RATE } from './policy.validation';
export * from './set-budget-policy/set-budget-policy.decider';
export * from './freeze-policy/freeze-policy.decider';

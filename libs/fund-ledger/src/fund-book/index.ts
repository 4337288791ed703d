export * from './fund-book.events';
export * from './fund-book.state';
export * from './fund-book.decider';
export * from './payment-categories';

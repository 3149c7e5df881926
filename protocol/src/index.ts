export * from './acks';
export * from './entities';
export * from './errors';
export * from './events';
export * from './http';
export * from './limits';
export * from './server-events';
export * from './validate';

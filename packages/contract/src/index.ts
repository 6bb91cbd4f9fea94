export * from './domain.js';
export * from './rooms.js';
export * from './files.js';
export * from './commands.js';
export * from './events.js';
export * from './result.js';
export * from './client.js';
export * from './validate.js';

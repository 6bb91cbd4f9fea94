export * from './mask.js';
export * from './print.js';
export * from './raw-stanza.js';
export * from './tap.js';

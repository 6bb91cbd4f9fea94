export * from './aesgcm-url.js';
export * from './aesgcm-stream.js';
export { decryptToFile } from './decrypt-file.js';

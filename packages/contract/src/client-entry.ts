// What a transport or the renderer needs at run time, without the zod schemas: the renderer
// never validates (the backend does), so it should not ship them.
export * from './client.js';
export * from './result.js';
export * from './file-kinds.js';
export * from './desktop-channels.js';
export * from './port.js';
export * from './port-client.js';

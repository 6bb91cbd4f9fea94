export * from './message.js';
export { buildOutgoing, orderSections } from './builder.js';
export { OutgoingPipeline } from './pipeline.js';

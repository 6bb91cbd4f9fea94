export * from './message.js';
export { buildOutgoing, orderSections } from './builder.js';
export { OutgoingPipeline } from './pipeline.js';
export { OutgoingRefused, asRefusal, type RefusalCode } from './refusal.js';
export { OutgoingSequence, type Prepared, type PrepareStep, type SettleStep } from './sequence.js';

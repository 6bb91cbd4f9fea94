// The incoming message envelope: unwrap once, decrypt (transforms), parse once into parts.
export type {
  EnvelopeHead,
  EnvelopeRejection,
  IncomingMessage,
  MessageEnvelope,
  MessageOrigin,
  MessageType,
} from './envelope.js';
export { openMessage, type OpenContext } from './open.js';
export {
  definePart,
  MESSAGE_PARTS,
  parseParts,
  type MessagePart,
  type MessageParts,
} from './parts.js';
export {
  finishEnvelope,
  withBody,
  type AsyncIncomingTransform,
  type IncomingTransform,
  type TransformFacts,
  type TransformOutcome,
  type TransformWrite,
} from './transforms.js';

// The registered protocol modules: what we announce (XEP-0030, XEP-0115) and what our
// messages carry both come from this one list. A new XEP adds its module here, nowhere else.
import { capsElement, discoInfoOf, type DiscoInfo } from '../features/disco.js';
import { OutgoingPipeline } from '../outgoing/pipeline.js';
import type { OutgoingSection } from '../outgoing/message.js';
import type { Element } from '../stanza.js';
import {
  chatStatesModule,
  editsModule,
  fileSharingModule,
  hintsModule,
  markersModule,
  messagesModule,
  mucPrivateModule,
  reactionsModule,
  stylingModule,
  receiptsModule,
  repliesModule,
  uniqueIdsModule,
} from './message-modules.js';
import {
  avatarsModule,
  blockingModule,
  bookmarksModule,
  callsModule,
  carbonsModule,
  directFilesModule,
  discoModule,
  mamModule,
  mucModule,
  nickModule,
  pingModule,
  timeModule,
  versionModule,
} from './service-modules.js';
import { omemoModule } from './omemo-module.js';
import type { XmppModule } from './types.js';

export type { XmppModule } from './types.js';
export { omemoModule } from './omemo-module.js';

export const PARLEY_MODULES: readonly XmppModule[] = [
  discoModule,
  messagesModule,
  uniqueIdsModule,
  receiptsModule,
  chatStatesModule,
  editsModule,
  repliesModule,
  markersModule,
  reactionsModule,
  stylingModule,
  hintsModule,
  fileSharingModule,
  mucModule,
  mucPrivateModule,
  bookmarksModule,
  carbonsModule,
  mamModule,
  pingModule,
  timeModule,
  versionModule,
  nickModule,
  avatarsModule,
  blockingModule,
  callsModule,
  directFilesModule,
];

/**
 * The modules of one account. OMEMO is off by default: its +notify must not be announced to
 * real users before the backend keeps a device and decrypts (see omemo-module.ts).
 */
export function parleyModules(flags: { omemo?: boolean } = {}): readonly XmppModule[] {
  return flags.omemo ? [...PARLEY_MODULES, omemoModule] : PARLEY_MODULES;
}

/** Every feature the modules announce, once each. */
export function featuresOf(modules: readonly XmppModule[]): string[] {
  return [...new Set(modules.flatMap((m) => m.features ?? []))];
}

/** Every outgoing section the modules register, in registration order. */
export function sectionsOf(modules: readonly XmppModule[]): OutgoingSection[] {
  return modules.flatMap((m) => m.sections ?? []);
}

/** Our own disco#info (XEP-0030 identity client/pc) with the registered modules' features. */
export function ownDiscoInfo(name = 'Parley', modules = PARLEY_MODULES): DiscoInfo {
  return discoInfoOf(featuresOf(modules), name);
}

/** The XEP-0115 `<c/>` to put in our presence, hashed over ownDiscoInfo() by default. */
export function buildCaps(info: DiscoInfo = ownDiscoInfo()): Element {
  return capsElement(info);
}

/** A fresh outgoing pipeline (one per account) with the registered modules' sections. */
export function createOutgoingPipeline(modules = PARLEY_MODULES): OutgoingPipeline {
  return new OutgoingPipeline(sectionsOf(modules));
}

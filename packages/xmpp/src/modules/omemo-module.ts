// XEP-0384 OMEMO as a module: its +notify features subscribe us (XEP-0163 §4) to device-list
// changes of contacts and of our own account. Not in PARLEY_MODULES: a client that announces
// +notify is expected to keep its device on its own list and to decrypt what peers then send
// it, which Parley does only once the backend's OMEMO service is wired. Until then an account
// gets it only through parleyModules({ omemo: true }).
import { OMEMO_NOTIFY_FEATURES } from '../features/omemo-ns.js';
import type { XmppModule } from './types.js';

export const omemoModule: XmppModule = {
  name: 'XEP-0384 OMEMO Encryption (device lists, both namespaces)',
  features: OMEMO_NOTIFY_FEATURES,
};

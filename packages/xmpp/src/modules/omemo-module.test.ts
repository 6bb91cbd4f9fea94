import { describe, expect, it } from 'vitest';
import { capsHash } from '../features/disco.js';
import { featuresOf, ownDiscoInfo, PARLEY_MODULES, parleyModules } from './index.js';

const NOTIFY = [
  'eu.siacs.conversations.axolotl.devicelist+notify',
  'urn:xmpp:omemo:2:devices+notify',
];

describe('OMEMO device-list subscriptions in our caps', () => {
  it('are not announced by default: nothing handles OMEMO for the user yet', () => {
    for (const feature of NOTIFY) {
      expect(featuresOf(PARLEY_MODULES)).not.toContain(feature);
      expect(featuresOf(parleyModules())).not.toContain(feature);
    }
    expect(capsHash(ownDiscoInfo('Parley', parleyModules()))).toBe(capsHash(ownDiscoInfo()));
  });

  it('are announced, both namespaces, when the account turns OMEMO on', () => {
    const features = featuresOf(parleyModules({ omemo: true }));
    for (const feature of NOTIFY) expect(features).toContain(feature);
    // Everything else is still announced, and the caps hash changes with it.
    for (const feature of featuresOf(PARLEY_MODULES)) expect(features).toContain(feature);
    expect(capsHash(ownDiscoInfo('Parley', parleyModules({ omemo: true })))).not.toBe(
      capsHash(ownDiscoInfo()),
    );
  });
});

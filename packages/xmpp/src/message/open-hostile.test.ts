// The hostile client corpus (see features/hostile.test.ts) through the envelope: opening never
// throws, and a wrapper is opened only when our own account sent it.
import { describe, expect, it } from 'vitest';
import {
  clientCorpus,
  mutate,
  networkValues,
  NETWORK_NAMESPACES,
  rng,
  type Mutations,
} from '../test-support/mutate-stanza.js';
import { jid, parseXml } from '../stanza.js';
import { openMessage } from './open.js';

const parties = {
  own: 'juliet@capulet.lit',
  stranger: 'tybalt@evil.example',
  room: 'den@muc.evil.example',
};

describe('openMessage on a hostile corpus', () => {
  it('never throws; carbons and archive results are opened only from our own account', () => {
    const corpus = clientCorpus(parties);
    const mutations: Mutations = { values: networkValues(parties), namespaces: NETWORK_NAMESPACES };
    const random = rng(20261205);
    const ctx = { own: jid('juliet@capulet.lit/balcony') };
    const opened = { carbon: 0, archive: 0, live: 0 };
    for (let round = 0; round < 3000; round++) {
      const stanza = parseXml(corpus[round % corpus.length]!)!;
      mutate(stanza, random, mutations);
      const from = stanza.attrs.from as string | undefined;
      const fromOwn = from === undefined || from.toLowerCase() === parties.own;
      const run = () => {
        const { envelope } = openMessage(stanza, ctx);
        if (!envelope) return;
        opened[envelope.origin.kind]++;
        if (envelope.origin.kind !== 'live') expect(fromOwn).toBe(true);
        if (envelope.origin.kind === 'carbon') expect(from).toBeDefined();
      };
      expect(run, stanza.toString().slice(0, 300)).not.toThrow();
    }
    // The corpus still reaches the opening paths, not only rejections.
    expect(opened.live).toBeGreaterThan(10);
  });
});

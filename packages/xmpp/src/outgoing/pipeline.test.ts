import { describe, expect, it } from 'vitest';
import { xml, type Element } from '../stanza.js';
import { OutgoingPipeline } from './pipeline.js';
import type { OutgoingMessage, OutgoingSection } from './message.js';

const message: OutgoingMessage = {
  to: 'juliet@capulet.lit',
  kind: 'chat',
  id: 'm1',
  body: 'secret',
};
const ctx = { sendChatStates: true };

describe('the encryption seam', () => {
  it('transforms run after every section and before the stanza is handed out, in order', async () => {
    const calls: string[] = [];
    const late: OutgoingSection = {
      name: 'late section',
      order: 1000,
      build: () => {
        calls.push('section');
        return xml('late', { xmlns: 'urn:test' });
      },
    };
    const pipeline = new OutgoingPipeline([
      { name: 'body', order: 0, build: (m) => (m.body ? xml('body', {}, m.body) : null) },
      late,
    ]);
    const seen: string[] = [];
    pipeline.addTransform('encrypt', (stanza: Element, m) => {
      calls.push('encrypt');
      // It sees the finished stanza, the last section's element included.
      seen.push(...stanza.getChildElements().map((c) => c.getName()));
      expect(m).toBe(message);
      const encrypted = xml('message', stanza.attrs, xml('encrypted', { xmlns: 'urn:test:e2e' }));
      return encrypted;
    });
    pipeline.addTransform('after', (stanza) => {
      calls.push('after');
      expect(stanza.getChild('body')).toBeUndefined();
      return stanza;
    });
    const out = await pipeline.prepare(message, ctx);
    expect(calls).toEqual(['section', 'encrypt', 'after']);
    expect(seen).toEqual(['body', 'late']);
    expect(out.getChild('body')).toBeUndefined();
    expect(out.getChild('encrypted', 'urn:test:e2e')).toBeDefined();
    expect(out.attrs).toMatchObject({ to: 'juliet@capulet.lit', id: 'm1' });
    // build() is the stanza before the seam.
    expect(pipeline.build(message, ctx).getChildText('body')).toBe('secret');
  });

  it('with no transform (today) the built stanza is what goes out; a removed one no longer runs', async () => {
    const pipeline = new OutgoingPipeline([
      { name: 'body', order: 0, build: (m) => (m.body ? xml('body', {}, m.body) : null) },
    ]);
    expect((await pipeline.prepare(message, ctx)).toString()).toBe(
      pipeline.build(message, ctx).toString(),
    );
    const remove = pipeline.addTransform('x', () => xml('message', {}, xml('changed')));
    expect((await pipeline.prepare(message, ctx)).getChild('changed')).toBeDefined();
    remove();
    expect((await pipeline.prepare(message, ctx)).getChildText('body')).toBe('secret');
  });

  it('sections run in order, ties in registration order', () => {
    const pipeline = new OutgoingPipeline([
      { name: 'c', order: 5, build: () => xml('c') },
      { name: 'a', order: 1, build: () => xml('a') },
      { name: 'b', order: 5, build: () => [xml('b1'), xml('b2')] },
    ]);
    expect(
      pipeline
        .build(message, ctx)
        .getChildElements()
        .map((e) => e.getName()),
    ).toEqual(['a', 'c', 'b1', 'b2']);
  });

  it('an asynchronous transform gives a promise; synchronous ones after it still run, in order', async () => {
    const pipeline = new OutgoingPipeline([
      { name: 'body', order: 0, build: (m) => (m.body ? xml('body', {}, m.body) : null) },
    ]);
    const calls: string[] = [];
    pipeline.addTransform('sync first', (stanza) => {
      calls.push('sync first');
      return stanza;
    });
    pipeline.addTransform('async seal', async (stanza, m, c) => {
      calls.push('async seal');
      expect(c).toBe(ctx);
      expect(m).toBe(message);
      await new Promise((r) => setTimeout(r, 5));
      return xml('message', stanza.attrs, xml('sealed', { xmlns: 'urn:test' }));
    });
    pipeline.addTransform('sync after', (stanza) => {
      calls.push('sync after');
      expect(stanza.getChild('body')).toBeUndefined();
      return stanza;
    });
    const out = pipeline.prepare(message, ctx);
    expect(out).toBeInstanceOf(Promise);
    expect(calls).toEqual(['sync first', 'async seal']);
    const stanza = await out;
    expect(calls).toEqual(['sync first', 'async seal', 'sync after']);
    expect(stanza.getChild('sealed', 'urn:test')).toBeDefined();
  });

  it('with synchronous transforms only, prepare answers synchronously (the fast path of today)', () => {
    const pipeline = new OutgoingPipeline([
      { name: 'body', order: 0, build: (m) => (m.body ? xml('body', {}, m.body) : null) },
    ]);
    pipeline.addTransform('sync', (stanza) => stanza);
    expect(pipeline.prepare(message, ctx)).not.toBeInstanceOf(Promise);
  });
});

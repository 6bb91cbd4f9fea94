import { describe, expect, it } from 'vitest';
import { xml, type Element } from '../stanza.js';
import { OutgoingRefused } from './refusal.js';
import { OutgoingSequence, type Prepared } from './sequence.js';

const stanza = (name: string): Element => xml('message', { id: name });
const later = <T>(ms: number, value: T): Promise<T> =>
  new Promise((resolve) => setTimeout(() => resolve(value), ms));
const label = (p: Prepared): string =>
  p.kind === 'ready' ? String(p.stanza.attrs.id) : p.kind === 'refused' ? 'refused' : 'held';

describe('the account’s ordered outgoing line', () => {
  it('while idle with a synchronous prepare, settles before push returns (no promise at all)', () => {
    const line = new OutgoingSequence();
    const out: string[] = [];
    line.push(
      () => stanza('a'),
      (p) => out.push(label(p)),
    );
    expect(out).toEqual(['a']);
    expect(line.idle).toBe(true);
  });

  it('a slow prepare holds back everything queued after it, fast or not, and order is kept', async () => {
    const line = new OutgoingSequence();
    const out: string[] = [];
    const prepared: string[] = [];
    const push = (name: string, ms: number | null) =>
      line.push(
        () => {
          prepared.push(name);
          return ms === null ? stanza(name) : later(ms, stanza(name));
        },
        (p) => out.push(label(p)),
      );
    push('message', 30);
    push('correction', 1);
    push('chat state', null);
    // Nothing after the slow one is even prepared before it is settled (one ratchet at a time).
    expect(prepared).toEqual(['message']);
    expect(line.idle).toBe(false);
    await line.drained();
    expect(out).toEqual(['message', 'correction', 'chat state']);
    expect(line.idle).toBe(true);
    // Idle again: the fast path is back.
    push('next', null);
    expect(out.at(-1)).toBe('next');
  });

  it('a refusal, thrown or rejected, settles as a refusal with its reason; the line goes on', async () => {
    const line = new OutgoingSequence();
    const out: Prepared[] = [];
    line.push(
      () => Promise.reject(new OutgoingRefused('Cannot encrypt for anyone: no device')),
      (p) => out.push(p),
    );
    line.push(
      () => {
        throw new Error('keys unreadable');
      },
      (p) => out.push(p),
    );
    line.push(
      () => null,
      (p) => out.push(p),
    );
    line.push(
      () => stanza('after'),
      (p) => out.push(p),
    );
    await line.drained();
    expect(out.map(label)).toEqual(['refused', 'refused', 'held', 'after']);
    const [first, second] = out;
    expect(first?.kind === 'refused' && first.refusal.reason).toBe(
      'Cannot encrypt for anyone: no device',
    );
    expect(first?.kind === 'refused' && first.refusal.code).toBe('not-encrypted');
    // Any other failure is a refusal too (fail closed), with the detail in its reason.
    expect(second?.kind === 'refused' && second.refusal.code).toBe('not-prepared');
    expect(second?.kind === 'refused' && second.refusal.reason).toContain('keys unreadable');
  });

  it('a settle step that throws does not stall the line', async () => {
    const bugs: unknown[] = [];
    const line = new OutgoingSequence((e) => bugs.push(e));
    const out: string[] = [];
    line.push(
      () => later(5, stanza('a')),
      () => {
        throw new Error('bug');
      },
    );
    line.push(
      () => stanza('b'),
      (p) => out.push(label(p)),
    );
    await line.drained();
    expect(out).toEqual(['b']);
    expect(bugs).toHaveLength(1);
  });

  it('a prepare that never answers is refused after the timeout; the line goes on', async () => {
    const line = new OutgoingSequence(undefined, 30);
    const out: Prepared[] = [];
    line.push(
      () => new Promise<Element>(() => {}),
      (p) => out.push(p),
    );
    line.push(
      () => stanza('next'),
      (p) => out.push(p),
    );
    await line.drained();
    expect(out.map(label)).toEqual(['refused', 'next']);
    expect(out[0]?.kind === 'refused' && out[0].refusal.code).toBe('not-prepared');
  });
});

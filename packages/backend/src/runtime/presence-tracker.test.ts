import { describe, expect, it } from 'vitest';
import { MAX_RESOURCES_PER_CONTACT, PresenceTracker } from './presence-tracker.js';

describe('PresenceTracker', () => {
  it('picks the highest priority resource, then the most available', () => {
    const tracker = new PresenceTracker();
    tracker.update('a@x', { resource: 'phone', show: 'away', status: 'on the go', priority: 0 });
    tracker.update('a@x', { resource: 'pc', show: 'dnd', status: 'busy', priority: 10 });
    expect(tracker.best('a@x')).toEqual({ show: 'dnd', status: 'busy' });
    tracker.update('a@x', { resource: 'tab', show: 'available', status: '', priority: 10 });
    expect(tracker.best('a@x').show).toBe('available');
  });

  it('drops a resource that goes offline and reports offline when none is left', () => {
    const tracker = new PresenceTracker();
    tracker.update('a@x', { resource: 'pc', show: 'available', status: '', priority: 0 });
    tracker.update('a@x', { resource: 'pc', show: 'offline', status: 'bye', priority: 0 });
    expect(tracker.best('a@x')).toEqual({ show: 'offline', status: '' });
    expect(tracker.contacts()).toEqual([]);
  });
});

describe('PresenceTracker bounds', () => {
  it('keeps at most MAX_RESOURCES_PER_CONTACT resources, dropping the longest-known', () => {
    const tracker = new PresenceTracker();
    for (let i = 0; i < 1_000; i++) {
      tracker.update('a@x', { resource: `r${i}`, show: 'available', status: '', priority: 0 });
    }
    const kept = tracker.resources('a@x').map((r) => r.resource);
    expect(kept).toHaveLength(MAX_RESOURCES_PER_CONTACT);
    expect(kept).toContain('r999');
    expect(kept).not.toContain('r0');
  });
});

import { describe, expect, it } from 'vitest';
import { CallMediaGate } from './media-permission.js';

describe('the camera and microphone gate', () => {
  it('is closed until the user starts or accepts a call', () => {
    const gate = new CallMediaGate();
    expect(gate.allows('media', { mediaTypes: ['audio'] })).toBe(false);
    expect(gate.allows('media')).toBe(false);
  });

  it('lets through the devices of the call, not others, and not other permissions', () => {
    const gate = new CallMediaGate();
    gate.set({ media: ['audio'] });
    expect(gate.allows('media', { mediaTypes: ['audio'] })).toBe(true);
    expect(gate.allows('media', { mediaTypes: ['audio', 'video'] })).toBe(false);
    expect(gate.allows('media', { mediaTypes: ['video'] })).toBe(false);
    for (const other of ['geolocation', 'notifications', 'clipboard-read', 'display-capture']) {
      expect(gate.allows(other), other).toBe(false);
    }
    gate.set({ media: ['audio', 'video'] });
    expect(gate.allows('media', { mediaTypes: ['audio', 'video'] })).toBe(true);
  });

  it('closes when the call ends', () => {
    const gate = new CallMediaGate();
    gate.set({ media: ['audio', 'video'] });
    gate.set(null);
    expect(gate.allows('media', { mediaTypes: ['audio'] })).toBe(false);
  });
});

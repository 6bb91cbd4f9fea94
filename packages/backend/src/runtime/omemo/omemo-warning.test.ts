import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionError } from '@parley/xmpp';
import { warnOmemo } from './omemo-warning.js';

afterEach(() => vi.restoreAllMocks());

describe('background OMEMO failures', () => {
  it('are logged with what failed', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    warnOmemo('publishing')(new Error('item-not-found'));
    expect(warn).toHaveBeenCalledWith('[parley] OMEMO publishing failed: Error: item-not-found');
  });

  it('are quiet when the session ended under them', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    warnOmemo('key transport')(new SessionError('not-connected', 'Not connected'));
    expect(warn).not.toHaveBeenCalled();
  });
});

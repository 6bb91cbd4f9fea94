import { describe, expect, it } from 'vitest';
import { isAllowedPermission } from './permissions.js';

describe('renderer permissions', () => {
  it('allows notifications and nothing else', () => {
    expect(isAllowedPermission('notifications')).toBe(true);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', '']) {
      expect(isAllowedPermission(p), p).toBe(false);
    }
  });
});

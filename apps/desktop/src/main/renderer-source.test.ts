import { describe, expect, it } from 'vitest';
import { rendererUrl } from './renderer-source.js';

describe('where a window loads its page from', () => {
  it('a packaged app ignores ELECTRON_RENDERER_URL and serves from app://', () => {
    const packaged = { isPackaged: true, devServerUrl: 'http://localhost:5173' };
    expect(rendererUrl('index.html', packaged)).toBe('app://parley/index.html');
    expect(rendererUrl('unlock.html', packaged, '?firstRun=1')).toBe(
      'app://parley/unlock.html?firstRun=1',
    );
    const hostile = { isPackaged: true, devServerUrl: 'https://evil.example/' };
    expect(rendererUrl('index.html', hostile)).toBe('app://parley/index.html');
  });

  it('development uses the dev server on this machine', () => {
    const dev = { isPackaged: false, devServerUrl: 'http://localhost:5173' };
    expect(rendererUrl('index.html', dev)).toBe('http://localhost:5173/index.html');
    expect(rendererUrl('unlock.html', dev, '?firstRun=0')).toBe(
      'http://localhost:5173/unlock.html?firstRun=0',
    );
    expect(rendererUrl('index.html', { isPackaged: false, devServerUrl: undefined })).toBe(
      'app://parley/index.html',
    );
  });

  it('development refuses a dev server elsewhere than loopback http', () => {
    for (const devServerUrl of ['https://evil.example', 'http://192.168.1.5:5173', 'file:///x']) {
      expect(rendererUrl('index.html', { isPackaged: false, devServerUrl })).toBe(
        'app://parley/index.html',
      );
    }
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appContentType, resolveAppRequest } from './app-protocol.js';

const root = join('/opt', 'parley', 'resources', 'app.asar', 'out', 'renderer');

describe('app:// path resolution', () => {
  it('maps the pages and their assets to files under the renderer folder', () => {
    expect(resolveAppRequest(root, 'app://parley/')).toBe(join(root, 'index.html'));
    expect(resolveAppRequest(root, 'app://parley/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppRequest(root, 'app://parley/unlock.html?firstRun=1')).toBe(
      join(root, 'unlock.html'),
    );
    expect(resolveAppRequest(root, 'app://parley/assets/index-Ab12.js#x')).toBe(
      join(root, 'assets', 'index-Ab12.js'),
    );
    expect(resolveAppRequest(root, 'app://parley/assets/a%20b.css')).toBe(
      join(root, 'assets', 'a b.css'),
    );
  });

  it('plain parents are resolved by the URL parser and stay inside the folder', () => {
    expect(resolveAppRequest(root, 'app://parley/../../../etc/passwd')).toBe(
      join(root, 'etc', 'passwd'),
    );
    expect(resolveAppRequest(root, 'app://parley/assets/../../main/index.js')).toBe(
      join(root, 'main', 'index.js'),
    );
    expect(resolveAppRequest(root, 'app://parley/%2e%2e/%2e%2e/etc/passwd')).toBe(
      join(root, 'etc', 'passwd'),
    );
  });

  it('refuses every way out of the folder', () => {
    for (const url of [
      'app://parley/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      'app://parley/..%2f..%2fetc%2fpasswd',
      'app://parley/..%5c..%5cWindows%5cwin.ini',
      'app://parley/assets%5c..%5c..%5cmain.js',
      'app://parley/%2fetc%2fpasswd',
      'app://parley/C:%5cWindows%5cwin.ini',
      'app://parley/C%3a/Windows/win.ini',
      'app://parley/index.html%00.png',
      'app://parley/assets//x.js',
      'app://parley/.env',
      'app://parley/%E0%A4%A',
    ]) {
      expect(resolveAppRequest(root, url), url).toBeNull();
    }
  });

  it('serves only its own scheme and host', () => {
    for (const url of [
      'file:///etc/passwd',
      'https://parley/index.html',
      'app://other/index.html',
      'app://parley:8080/index.html',
      'app://user@parley/index.html',
      'not a url',
    ]) {
      expect(resolveAppRequest(root, url), url).toBeNull();
    }
  });

  it('gives the built files their types, unknown ones none that a browser would run', () => {
    expect(appContentType('index.html')).toBe('text/html; charset=utf-8');
    expect(appContentType('assets/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(appContentType('assets/a.css')).toBe('text/css; charset=utf-8');
    expect(appContentType('README')).toBe('application/octet-stream');
  });
});

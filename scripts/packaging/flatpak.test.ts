import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseConfig } from '../../apps/desktop/electron-builder.config.js';

const root = resolve(import.meta.dirname, '../..');
const manifestFile = join(root, 'resources/flatpak/org.parley.desktop.yml');
const { load } = createRequire(join(root, 'apps/desktop/package.json'))('js-yaml') as {
  load(text: string): unknown;
};

interface Source {
  type: string;
  path?: string;
  dest?: string;
  'dest-filename'?: string;
  commands?: string[];
}
interface Manifest {
  'app-id': string;
  runtime: string;
  sdk: string;
  base?: string;
  command: string;
  'finish-args': string[];
  modules: { name: string; buildsystem: string; sources: Source[]; 'build-commands': string[] }[];
}

const manifest = load(readFileSync(manifestFile, 'utf8')) as Manifest;
const appId = baseConfig().appId!;

/** `Key=Value` lines of the [Desktop Entry] group. */
function desktopEntry(text: string): Record<string, string> {
  const entry: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match) entry[match[1]!] = match[2]!;
  }
  return entry;
}

describe('Flatpak manifest', () => {
  it('is the app electron-builder packages, on the Electron base app', () => {
    expect(manifest['app-id']).toBe(appId);
    expect(manifest.runtime).toBe('org.freedesktop.Platform');
    expect(manifest.sdk).toBe('org.freedesktop.Sdk');
    expect(manifest.base).toBe('org.electronjs.Electron2.BaseApp');
    expect(manifest.modules).toHaveLength(1);
  });

  it('asks for what a chat client needs and no more than the Downloads folder', () => {
    const args = manifest['finish-args'];
    for (const needed of [
      '--share=network',
      '--socket=wayland',
      '--talk-name=org.freedesktop.Notifications',
      '--talk-name=org.freedesktop.secrets',
    ]) {
      expect(args).toContain(needed);
    }
    expect(args.filter((a) => a.startsWith('--filesystem='))).toEqual([
      '--filesystem=xdg-download',
    ]);
    expect(args.some((a) => /^--(socket=session-bus|talk-name=\*|device=all)/.test(a))).toBe(false);
  });

  it('builds from the unpacked Linux app and files that exist in the repository', () => {
    const sources = manifest.modules[0]!.sources;
    const app = sources.find((s) => s.type === 'dir');
    expect(resolve(dirname(manifestFile), app!.path!)).toBe(join(root, 'release/linux-unpacked'));
    for (const source of sources.filter((s) => s.type === 'file')) {
      expect(existsSync(resolve(dirname(manifestFile), source.path!)), source.path).toBe(true);
    }
  });

  it('starts Parley through zypak and installs its desktop entry, metadata and icons by app id', () => {
    const module = manifest.modules[0]!;
    const launcher = module.sources.find((s) => s['dest-filename'] === manifest.command);
    expect(launcher?.commands?.join('\n')).toMatch(/zypak-wrapper \/app\/parley\/parley "\$@"/);
    const commands = module['build-commands'].join('\n');
    expect(commands).toContain(`/app/bin/${manifest.command}`);
    expect(commands).toContain(`/app/share/applications/${appId}.desktop`);
    expect(commands).toContain(`/app/share/metainfo/${appId}.metainfo.xml`);
    expect(commands).toContain(`/app/share/icons/hicolor/512x512/apps/${appId}.png`);
  });
});

describe('desktop entry and AppStream metadata', () => {
  const entry = desktopEntry(readFileSync(join(root, `resources/linux/${appId}.desktop`), 'utf8'));
  const metainfo = readFileSync(join(root, `resources/linux/${appId}.metainfo.xml`), 'utf8');

  it('launches the Flatpak command, names the icon by app id and handles xmpp: links', () => {
    expect(entry['Type']).toBe('Application');
    expect(entry['Exec']).toBe(`${manifest.command} %U`);
    expect(entry['Icon']).toBe(appId);
    expect(entry['MimeType']).toBe('x-scheme-handler/xmpp;');
    expect(entry['Categories']).toContain('InstantMessaging');
  });

  it('describes the same app, its licence and its launcher to software centres', () => {
    expect(metainfo).toContain(`<id>${appId}</id>`);
    expect(metainfo).toContain(`<launchable type="desktop-id">${appId}.desktop</launchable>`);
    expect(metainfo).toContain('<project_license>GPL-3.0-or-later</project_license>');
    expect(metainfo).toContain('<mediatype>x-scheme-handler/xmpp</mediatype>');
    const version = (
      JSON.parse(readFileSync(join(root, 'apps/desktop/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    expect(metainfo).toContain(`<release version="${version}"`);
  });
});

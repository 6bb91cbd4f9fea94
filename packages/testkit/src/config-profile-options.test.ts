import { describe, expect, it } from 'vitest';
import { renderConfig, type ConfigInput } from './config.js';

const base: ConfigInput = {
  dir: '/tmp/x',
  domain: 'localhost',
  c2sPort: 1,
  directTlsPort: 2,
  httpPort: 3,
  componentPort: 4,
  componentSecret: 's',
  certPath: '/tmp/x/c.pem',
  keyPath: '/tmp/x/k.pem',
  logPath: '/tmp/x/log',
  mamStorage: 'memory',
  smacksHibernationSeconds: 60,
  logLevel: 'warn',
  runAsRoot: false,
  withoutModules: [],
};

const modules = (c: ConfigInput) =>
  /modules_enabled = \{ ([^}]*) \}/.exec(renderConfig(c))?.[1] ?? '';

describe('optional Prosody modules', () => {
  it('loads neither by default', () => {
    expect(modules(base)).toContain('"vcard_legacy"');
    expect(modules(base)).not.toContain('"lastactivity"');
    expect(modules(base)).not.toContain('"vcard"');
  });

  it('loads mod_lastactivity and plain vcard-temp when asked', () => {
    const text = modules({ ...base, lastActivity: true, plainVcardTemp: true });
    expect(text).toContain('"lastactivity"');
    expect(text).toContain('"vcard"');
    expect(text).not.toContain('"vcard_legacy"');
    expect(text).toContain('"vcard4"');
  });
});

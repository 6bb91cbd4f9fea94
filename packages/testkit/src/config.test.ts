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
  logLevel: 'info',
  runAsRoot: false,
  withoutModules: [],
};

describe('server tools options of the test server', () => {
  it('adds admins, VirtualHost modules and contact addresses only when asked', () => {
    const plain = renderConfig(base);
    expect(plain).toContain('admins = {  }');
    expect(plain).not.toContain('server_contact_info');
    const tools = renderConfig({
      ...base,
      admins: ['root@localhost'],
      extraModules: ['adhoc', 'admin_adhoc'],
      contactInfo: { admin: ['xmpp:root@localhost'], abuse: ['mailto:a@b.c'] },
    });
    expect(tools).toContain('admins = { "root@localhost" }');
    const host = tools.slice(tools.indexOf('VirtualHost'));
    expect(host).toMatch(
      /^VirtualHost "localhost"\n {2}contact_info = \{ admin = \{ "xmpp:root@localhost" \}, abuse = \{ "mailto:a@b.c" \} \}\n {2}modules_enabled = \{ "adhoc", "admin_adhoc", "server_contact_info" \}\n/u,
    );
  });

  it('refuses module and contact names that are not plain words', () => {
    expect(() => renderConfig({ ...base, extraModules: ['x" } os.exit() --'] })).toThrow(
      /bad module name/u,
    );
    expect(() => renderConfig({ ...base, contactInfo: { 'a=1': [] } })).toThrow(
      /bad contact_info/u,
    );
  });
});

describe('invitations on the test server', () => {
  it('loads the invite modules and opens registration to invitations only', () => {
    expect(renderConfig(base)).toContain('allow_registration = false');
    const config = renderConfig({
      ...base,
      invites: { userInvitesRegister: true, expirySeconds: 5 },
    });
    expect(config).toContain('allow_registration = true');
    const host = config.slice(config.indexOf('VirtualHost'));
    expect(host).toContain(
      'modules_enabled = { "adhoc", "invites", "invites_register", "invites_adhoc" }',
    );
    expect(host).toContain('registration_invite_only = true');
    expect(host).toContain('allow_user_invites = true');
    expect(host).toContain('invite_expiry = 5');
  });
});

describe('TURN credentials of the test server (XEP-0215)', () => {
  it('loads mod_turn_external with the shared secret only when asked', () => {
    expect(renderConfig(base)).not.toContain('turn_external');
    const host = renderConfig({
      ...base,
      turn: { secret: 'sec"ret', host: '127.0.0.1', port: 3479 },
    });
    const vhost = host.slice(host.indexOf('VirtualHost'));
    expect(vhost).toContain('turn_external_secret = "sec\\"ret"');
    expect(vhost).toContain('turn_external_host = "127.0.0.1"');
    expect(vhost).toContain('turn_external_port = 3479');
    expect(vhost).toContain('modules_enabled = { "turn_external" }');
  });
});

describe('the XEP-0065 proxy of the test server', () => {
  it('is there only when asked: its port globally, before any host, and its component', () => {
    expect(renderConfig(base)).not.toContain('proxy65');
    const config = renderConfig({ ...base, proxy65Port: 5 });
    const globals = config.slice(0, config.indexOf('VirtualHost'));
    expect(globals).toContain('proxy65_ports = { 5 }\nproxy65_interfaces = { "127.0.0.1" }\n');
    expect(config).toContain(
      'Component "proxy.localhost" "proxy65"\n  proxy65_address = "127.0.0.1"\n',
    );
  });
});

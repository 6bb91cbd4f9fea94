import '../../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import jsQR from 'jsqr';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { resetStores } from '../../test/reset';
import { InviteDialog } from './InviteDialog';

const CONTACT = 'xmpp:alice@example.org?roster;preauth=T0k;ibr=y';
const ACCOUNT = 'xmpp:example.org?register;preauth=Acc0unt-T0ken_42';
const EXPIRES = Date.UTC(2030, 0, 8, 12);
let client: FakeClient;

beforeEach(() => {
  resetStores();
  client = new FakeClient();
  setClient(client);
});
afterEach(cleanup);

/** The text a phone reads from the QR code on screen: the SVG's modules drawn and decoded. */
function scanQr(svg: Element): string | null {
  const count = Number(svg.getAttribute('viewBox')!.split(' ')[2]);
  const scale = 4;
  const side = count * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  const d = svg.querySelector('path')!.getAttribute('d')!;
  for (const [, x, y] of d.matchAll(/M(\d+) (\d+)h1v1h-1z/gu)) {
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++) {
        const at = ((Number(y) * scale + dy) * side + Number(x) * scale + dx) * 4;
        pixels.fill(0, at, at + 3);
      }
  }
  return jsQR(pixels, side, side)?.data ?? null;
}

describe('Invite someone', () => {
  it('an admin makes an account invitation (register;preauth) with its QR code and expiry', async () => {
    client.handle('invites.capabilities', () => ({ contact: true, account: true }));
    client.handle('invites.create', (request) => ({
      ok: true,
      invite:
        request.kind === 'account'
          ? { kind: 'account', uri: ACCOUNT, landingUrl: null, expiresAt: EXPIRES }
          : { kind: 'contact', uri: CONTACT, landingUrl: null, expiresAt: EXPIRES },
    }));
    render(<InviteDialog accountId="a1" open onOpenChange={() => {}} />);
    expect((await screen.findByTestId('invite-link')).textContent).toBe(CONTACT);
    expect(scanQr(screen.getByTestId('qr-code'))).toBe(CONTACT);

    const other = screen.getByTestId('invite-make-other');
    expect(other.textContent).toBe('Create an account invitation instead');
    fireEvent.click(other);
    await waitFor(() => expect(screen.getByTestId('invite-link').textContent).toBe(ACCOUNT));
    expect(client.calls.filter((c) => c.name === 'invites.create').map((c) => c.request)).toEqual([
      { accountId: 'a1', kind: 'contact' },
      { accountId: 'a1', kind: 'account' },
    ]);
    expect(screen.getByTestId('invite-created').getAttribute('data-kind')).toBe('account');
    expect(screen.getByTestId('invite-created').textContent).toMatch(/create an account/u);
    // The code on screen is the new link, not the old one.
    expect(scanQr(screen.getByTestId('qr-code'))).toBe(ACCOUNT);
    expect(screen.getByTestId('invite-expiry').textContent).toMatch(/2030/u);
    expect(screen.getByTestId('invite-make-other').textContent).toBe('Create a contact invitation');
  });
});

import '../test/jsdom.js';
import { describe, expect, it, vi } from 'vitest';

// The unlock window's page in the language main passes (?lang=), right to left for Arabic.
// The elements of unlock.html the script fills in (the renderer's tests have no file access).
const body = `<form id="unlock"><h1 id="title">Unlock Parley</h1><p id="explain"></p>
<label for="passphrase" id="passphrase-label">Passphrase</label><input id="passphrase" />
<div id="confirm-row" hidden><label for="confirmation" id="confirmation-label">Type it again</label>
<input id="confirmation" /></div><p id="error" role="alert"></p>
<button type="submit" id="submit">Unlock</button></form>`;

async function openPage(search: string): Promise<void> {
  document.body.innerHTML = body;
  window.history.replaceState({}, '', `/unlock.html${search}`);
  // The page runs once on load: a fresh copy of the module for each page.
  vi.resetModules();
  await import('./unlock');
}

describe('the unlock window', () => {
  it('speaks German when main says so, for a new profile too', async () => {
    await openPage('?firstRun=1&lang=de');
    expect(document.documentElement.lang).toBe('de');
    expect(document.getElementById('title')?.textContent).toBe('Wähle eine Passphrase');
    expect(document.getElementById('passphrase-label')?.textContent).toBe('Passphrase');
    expect(document.getElementById('confirmation-label')?.textContent).toBe('Noch einmal eingeben');
    expect(document.getElementById('submit')?.textContent).toBe('Entsperren');
    expect(document.title).toBe('Parley entsperren');
  });

  it('is Arabic and right to left; an unknown language falls back to the system’s', async () => {
    await openPage('?firstRun=0&lang=ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.getElementById('title')?.textContent).toBe('فتح قفل Parley');
    await openPage('?firstRun=0&lang=xx');
    expect(document.documentElement.dir).toBe('ltr');
    expect(document.getElementById('submit')?.textContent).toBe('Unlock');
  });
});

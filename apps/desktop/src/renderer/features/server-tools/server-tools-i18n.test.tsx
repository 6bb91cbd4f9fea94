import '../../test/jsdom.js';
import type { ConsoleEntry } from '@parley/contract';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { applyLanguage } from '../../i18n';
import { FakeClient } from '../../test/fake-client';
import { durationWords, featureName, identityWords } from './words';
import { XmlConsole } from './XmlConsole';

afterEach(() => {
  cleanup();
  setClient(null);
  applyLanguage('en');
});

describe('server tools in German and Arabic', () => {
  it('says durations, features and identities in the chosen language', () => {
    applyLanguage('de');
    expect(durationWords(3725)).toBe('1 Stunde, 2 Minuten');
    expect(durationWords(1)).toBe('1 Sekunde');
    expect(featureName('http://jabber.org/protocol/commands')).toBe('Ad-hoc-Befehle');
    expect(identityWords('conference', 'text')).toBe('Gruppenchat-Dienst');
    applyLanguage('ar');
    expect(durationWords(2 * 86_400)).toBe('يومان');
    expect(durationWords(3 * 86_400 + 3600)).toBe('3 أيام وساعة واحدة');
  });

  it('the XML console names its filters and entries in German', async () => {
    applyLanguage('de');
    const entry: ConsoleEntry = { seq: 0, at: 0, direction: 'in', kind: 'iq', xml: '<iq/>' };
    setClient(
      new FakeClient().handle('servertools.console.read', () => ({
        entries: [entry],
        dropped: true,
      })),
    );
    render(<XmlConsole accountId="a1" jid="me@example.org" />);
    await waitFor(() => expect(screen.getAllByTestId('console-entry')).toHaveLength(1));
    expect(screen.getByRole('dialog', { name: 'XML-Konsole · me@example.org' })).toBeTruthy();
    expect(screen.getByTestId('console-entry').textContent).toContain('← ein');
    expect(screen.getByText(/die neuesten 2\.000/u)).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Eingehend' })).toBeTruthy();
  });
});

import '../../test/jsdom.js';
import type { ConsoleEntry } from '@parley/contract';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient, failure } from '../../test/fake-client';
import { XmlConsole } from './XmlConsole';

afterEach(() => {
  cleanup();
  setClient(null);
});

const entry = (seq: number, direction: 'in' | 'out', xml: string): ConsoleEntry => ({
  seq,
  at: 0,
  direction,
  kind: 'iq',
  xml,
});

describe('XML console', () => {
  it('opens, shows and filters what is read, sends raw XML and closes on unmount', async () => {
    let served = false;
    const client = new FakeClient()
      .handle('servertools.console.read', () => {
        const entries = served
          ? []
          : [entry(0, 'out', '<iq id="q"/>'), entry(1, 'in', '<iq id="a"/>')];
        served = true;
        return { entries, dropped: false };
      })
      .handle('servertools.console.send', ({ xml }) => {
        if (xml.includes('auth'))
          throw failure('Only <message/>, <presence/> or <iq/> can be sent');
        return { reply: '<iq type="result"/>' };
      });
    setClient(client);
    render(<XmlConsole accountId="a1" jid="me@example.org" />);
    await waitFor(() => expect(screen.getAllByTestId('console-entry')).toHaveLength(2));
    expect(client.callsOf('servertools.console.open')).toEqual([{ accountId: 'a1' }]);

    fireEvent.change(screen.getByTestId('console-direction'), { target: { value: 'in' } });
    expect(screen.getAllByTestId('console-entry').map((e) => e.dataset['direction'])).toEqual([
      'in',
    ]);
    fireEvent.change(screen.getByTestId('console-direction'), { target: { value: 'all' } });
    fireEvent.change(screen.getByTestId('console-text'), { target: { value: 'id="q"' } });
    expect(screen.getAllByTestId('console-entry')).toHaveLength(1);

    fireEvent.change(screen.getByTestId('console-input'), { target: { value: '<iq/>' } });
    fireEvent.click(screen.getByTestId('console-send'));
    expect((await screen.findByTestId('console-reply')).textContent).toContain('type="result"');
    fireEvent.change(screen.getByTestId('console-input'), { target: { value: '<auth/>' } });
    fireEvent.click(screen.getByTestId('console-send'));
    expect((await screen.findByTestId('console-send-error')).textContent).toContain(
      'Only <message/>',
    );

    cleanup();
    expect(client.callsOf('servertools.console.close')).toEqual([{ accountId: 'a1' }]);
  });
});

import '../../test/jsdom.js';
import type { AdhocStep } from '@parley/contract';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClient } from '../../app/client';
import { FakeClient } from '../../test/fake-client';
import { AdhocDialog } from './AdhocDialog';
import { useServerTools } from './store';

const J = 'example.org';
const textField = (name: string, required = false) => ({
  var: name,
  type: 'text-single' as const,
  label: name,
  desc: '',
  required,
  values: [],
  options: [],
});

const step = (over: Partial<AdhocStep>): AdhocStep => ({
  jid: J,
  node: 'n',
  sessionId: 's1',
  status: 'executing',
  actions: ['next'],
  defaultAction: 'next',
  notes: [],
  form: null,
  result: null,
  table: null,
  ...over,
});

beforeEach(() => useServerTools.setState({ dialog: { kind: 'adhoc', accountId: 'a1', jid: J } }));
afterEach(() => {
  cleanup();
  setClient(null);
});

describe('ad-hoc command dialog', () => {
  it('runs a command through two forms, Back and Finish as offered, and shows the result', async () => {
    const client = new FakeClient()
      .handle('servertools.adhoc.list', () => ({
        commands: [{ jid: J, node: 'n', name: 'Two steps' }],
      }))
      .handle('servertools.adhoc.execute', () =>
        step({ form: { title: 'First', instructions: '', fields: [textField('a', true)] } }),
      )
      .handle('servertools.adhoc.step', ({ action }) =>
        action === 'next'
          ? step({
              actions: ['prev', 'complete'],
              defaultAction: 'complete',
              notes: [{ type: 'warn', text: 'Almost there' }],
              form: { title: 'Second', instructions: '', fields: [textField('b')] },
            })
          : step({
              status: 'completed',
              actions: [],
              defaultAction: null,
              result: {
                title: 'Done',
                instructions: '',
                fields: [{ ...textField('out'), values: ['42'] }],
              },
              table: { columns: [{ var: 'c', label: 'Column' }], rows: [['cell']] },
            }),
      );
    setClient(client);
    render(<AdhocDialog accountId="a1" jid={J} />);
    fireEvent.click(await screen.findByTestId('adhoc-run-n'));
    await screen.findByTestId('adhoc-field-a');
    expect(screen.queryByTestId('adhoc-prev')).toBeNull();
    // A required field left empty is named before anything is sent.
    fireEvent.click(screen.getByTestId('adhoc-next'));
    expect(await screen.findByTestId('adhoc-error')).toHaveProperty('textContent', 'Fill in: a.');
    fireEvent.change(screen.getByTestId('adhoc-field-a'), { target: { value: 'x' } });
    fireEvent.click(screen.getByTestId('adhoc-next'));
    await screen.findByTestId('adhoc-field-b');
    expect(screen.getByTestId('adhoc-notes').textContent).toContain('Warning: Almost there');
    expect(screen.getByTestId('adhoc-prev').textContent).toBe('Back');
    fireEvent.change(screen.getByTestId('adhoc-field-b'), { target: { value: 'y' } });
    fireEvent.click(screen.getByTestId('adhoc-complete'));
    expect((await screen.findByTestId('adhoc-result-out')).textContent).toBe('42');
    expect(screen.getByTestId('adhoc-table').textContent).toContain('cell');
    expect(client.callsOf('servertools.adhoc.step')).toEqual([
      { accountId: 'a1', sessionId: 's1', action: 'next', values: { a: ['x'] } },
      { accountId: 'a1', sessionId: 's1', action: 'complete', values: { b: ['y'] } },
    ]);
    // Finished: closing cancels nothing.
    cleanup();
    expect(client.callsOf('servertools.adhoc.cancel')).toEqual([]);
  });

  it('cancels the running command when the dialog closes', async () => {
    const client = new FakeClient()
      .handle('servertools.adhoc.list', () => ({ commands: [] }))
      .handle('servertools.adhoc.execute', () =>
        step({ form: { title: '', instructions: '', fields: [textField('a')] } }),
      );
    setClient(client);
    render(<AdhocDialog accountId="a1" jid={J} node="n" />);
    await screen.findByTestId('adhoc-field-a');
    cleanup();
    await waitFor(() =>
      expect(client.callsOf('servertools.adhoc.cancel')).toEqual([
        { accountId: 'a1', sessionId: 's1' },
      ]),
    );
  });
});

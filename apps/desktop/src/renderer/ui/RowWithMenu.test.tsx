import '../test/jsdom.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RowWithMenu, type RowMenuEntry } from './RowWithMenu';

afterEach(cleanup);

function row(sections: RowMenuEntry[][] | (() => RowMenuEntry[][])) {
  return render(
    <RowWithMenu name="Alice" menuTestId="menu" sections={sections} data-testid="row" tabIndex={0}>
      <span>Alice</span>
    </RowWithMenu>,
  );
}

describe('a row with a menu', () => {
  it('has no menu until it is opened, and words its entries only then', () => {
    const sections = vi.fn(() => [
      [{ label: 'Rename', testId: 'rename', onSelect: () => undefined }],
    ]);
    row(sections);
    expect(sections).not.toHaveBeenCalled();
    expect(document.querySelector('[role="menu"]')).toBeNull();
    expect(screen.getByTestId('menu').getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(screen.getByTestId('menu'), { key: 'Enter' });
    expect(screen.getByRole('menu')).toBeTruthy();
    expect(screen.getByTestId('rename').textContent).toBe('Rename');
    expect(sections).toHaveBeenCalled();
    expect(screen.getByTestId('menu').getAttribute('aria-expanded')).toBe('true');
  });

  it('opens the same entries by right-click, and selecting one runs it and closes', async () => {
    const selected: string[] = [];
    row([
      [{ label: 'Rename', testId: 'rename', onSelect: () => selected.push('rename') }],
      [{ label: 'Remove', testId: 'remove', danger: true, onSelect: () => selected.push('rm') }],
    ]);
    expect(screen.getByTestId('row').getAttribute('data-menu')).toBeNull();
    fireEvent.contextMenu(screen.getByTestId('row'), { clientX: 40, clientY: 30 });
    // The row stays marked (highlighted) while its menu is open.
    expect(screen.getByTestId('row').getAttribute('data-menu')).toBe('open');
    expect(screen.getByTestId('remove').className).toContain('danger');
    expect(document.querySelector('.menu-separator')).not.toBeNull();
    fireEvent.click(screen.getByTestId('remove'));
    expect(selected).toEqual(['rm']);
    await waitFor(() => expect(document.querySelector('[role="menu"]')).toBeNull());
    expect(screen.getByTestId('row').getAttribute('data-menu')).toBeNull();
  });

  it('Escape closes it and gives the focus back to the ⋮ button', async () => {
    row([[{ label: 'Rename', testId: 'rename', onSelect: () => undefined }]]);
    fireEvent.keyDown(screen.getByTestId('menu'), { key: 'ArrowDown' });
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    await waitFor(() => expect(document.querySelector('[role="menu"]')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId('menu'));
  });

  it('leaves a right-click the row handles itself alone', () => {
    render(
      <RowWithMenu
        name="Alice"
        menuTestId="menu"
        sections={[[{ label: 'Rename', testId: 'rename', onSelect: () => undefined }]]}
        data-testid="row"
        onContextMenu={(event) => event.preventDefault()}
      >
        <span>Alice</span>
      </RowWithMenu>,
    );
    fireEvent.contextMenu(screen.getByTestId('row'));
    expect(document.querySelector('[role="menu"]')).toBeNull();
  });
});

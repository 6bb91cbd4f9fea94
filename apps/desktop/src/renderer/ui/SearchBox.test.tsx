import '../test/jsdom.js';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SearchBox } from './SearchBox';

afterEach(cleanup);

describe('SearchBox with clearOnEscape', () => {
  it('takes Escape to empty a filled box, and lets it go on when empty', () => {
    const onChange = vi.fn();
    const { rerender } = render(
      <SearchBox
        label="Filter"
        placeholder="Filter"
        testId="filter"
        value="bo"
        onChange={onChange}
        clearOnEscape
      />,
    );
    const box = screen.getByLabelText('Filter');
    // fireEvent returns false when a handler called preventDefault.
    expect(fireEvent.keyDown(box, { key: 'Escape' })).toBe(false);
    expect(onChange).toHaveBeenCalledWith('');
    rerender(
      <SearchBox
        label="Filter"
        placeholder="Filter"
        testId="filter"
        value=""
        onChange={onChange}
        clearOnEscape
      />,
    );
    onChange.mockClear();
    expect(fireEvent.keyDown(box, { key: 'Escape' })).toBe(true);
    expect(onChange).not.toHaveBeenCalled();
  });
});

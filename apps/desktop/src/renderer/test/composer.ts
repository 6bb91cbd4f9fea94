import { fireEvent, screen } from '@testing-library/react';

/** Types `text` into the composer with the caret at its end, as completion reads it. */
export function typeInComposer(text: string): HTMLTextAreaElement {
  const field = screen.getByTestId('composer') as HTMLTextAreaElement;
  fireEvent.change(field, { target: { value: text } });
  field.setSelectionRange(text.length, text.length);
  fireEvent.select(field);
  return field;
}

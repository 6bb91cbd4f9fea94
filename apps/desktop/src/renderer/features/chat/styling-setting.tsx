import { useId } from 'react';
import { useMessageStyling } from './styling-preference';

/** The switch for XEP-0393 message styling, beside the other chat preferences. */
export function MessageStylingSetting() {
  const id = useId();
  const { enabled, setEnabled } = useMessageStyling();
  return (
    <div className="field field-check">
      <input
        id={`${id}-styling`}
        type="checkbox"
        data-testid="message-styling"
        checked={enabled}
        onChange={(e) => setEnabled(e.target.checked)}
        aria-describedby={`${id}-styling-hint`}
      />
      <label htmlFor={`${id}-styling`}>Show message formatting</label>
      <p className="hint" id={`${id}-styling-hint`}>
        *bold*, _italic_, ~strike~, `code` and &gt; quotes, in all accounts. Off shows every message
        as plain text.
      </p>
    </div>
  );
}

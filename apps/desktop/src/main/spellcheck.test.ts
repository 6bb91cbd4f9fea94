import { describe, expect, it } from 'vitest';
import {
  applySpellCheck,
  contextMenuTemplate,
  GOOGLE_DICTIONARY_URL,
  NO_DOWNLOAD_URL,
  spellCheckPlan,
  type ContextParams,
} from './spellcheck.js';
import { FakeSession } from './test-support/fake-electron.js';

const available = ['de-DE', 'en-GB', 'en-US', 'fr'];
const off = { enabled: false, languages: ['de-DE'] };

describe('the spell-check consent gate', () => {
  it('off (the default): disabled, and the downloader points at a closed local port first', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const session = new FakeSession();
      applySpellCheck(session, spellCheckPlan(off, platform, available, 'en-US'));
      expect(session.calls).toEqual([`url:${NO_DOWNLOAD_URL}`, 'enabled:false']);
      expect(new URL(NO_DOWNLOAD_URL).hostname).toBe('127.0.0.1');
    }
  });

  it('on (the user agreed): Google’s URL, then the chosen known languages, then enabled', () => {
    const session = new FakeSession();
    const on = { enabled: true, languages: ['de-DE', 'xx-YY', 'fr'] };
    applySpellCheck(session, spellCheckPlan(on, 'linux', available, 'en-US'));
    expect(session.calls).toEqual([
      `url:${GOOGLE_DICTIONARY_URL}`,
      'languages:de-DE,fr',
      'enabled:true',
    ]);
  });

  it('on with no language chosen: the system language, else its base, else en-US', () => {
    const on = { enabled: true, languages: [] };
    expect(spellCheckPlan(on, 'linux', available, 'en-GB').languages).toEqual(['en-GB']);
    expect(spellCheckPlan(on, 'linux', available, 'fr-CA').languages).toEqual(['fr']);
    expect(spellCheckPlan(on, 'win32', available, 'ja').languages).toEqual(['en-US']);
  });

  it('macOS: the system checker, no URL and no languages to set', () => {
    const session = new FakeSession();
    applySpellCheck(session, spellCheckPlan({ ...off, enabled: true }, 'darwin', [], 'en-US'));
    applySpellCheck(session, spellCheckPlan(off, 'darwin', [], 'en-US'));
    expect(session.calls).toEqual(['enabled:true', 'enabled:false']);
  });
});

const flags = { canCut: true, canCopy: true, canPaste: true, canSelectAll: true };
function params(more: Partial<ContextParams>): ContextParams {
  return {
    isEditable: true,
    selectionText: '',
    misspelledWord: '',
    dictionarySuggestions: [],
    editFlags: flags,
    ...more,
  };
}

describe('the editable field context menu', () => {
  it('offers up to five suggestions and "Add to dictionary" for a misspelled word', () => {
    const done: string[] = [];
    const actions = {
      replace: (w: string) => done.push(`replace:${w}`),
      addToDictionary: (w: string) => done.push(`add:${w}`),
    };
    const menu = contextMenuTemplate(
      params({
        misspelledWord: 'helo',
        dictionarySuggestions: ['hello', 'help', 'hell', 'hero', 'halo', 'helot'],
      }),
      actions,
    );
    expect(menu.map((i) => i.label ?? i.role ?? i.type)).toEqual([
      'hello',
      'help',
      'hell',
      'hero',
      'halo',
      'Add to dictionary',
      'separator',
      'cut',
      'copy',
      'paste',
      'separator',
      'selectAll',
    ]);
    (menu[0]!.click as () => void)();
    (menu[5]!.click as () => void)();
    expect(done).toEqual(['replace:hello', 'add:helo']);
  });

  it('says when there is no suggestion; no spelling part for a correct word', () => {
    const actions = { replace: () => undefined, addToDictionary: () => undefined };
    const none = contextMenuTemplate(params({ misspelledWord: 'qzx' }), actions);
    expect(none[0]).toMatchObject({ label: 'No suggestions', enabled: false });
    const plain = contextMenuTemplate(
      params({ editFlags: { ...flags, canPaste: false } }),
      actions,
    );
    expect(plain.map((i) => i.role ?? i.type)).toEqual([
      'cut',
      'copy',
      'paste',
      'separator',
      'selectAll',
    ]);
    expect(plain[2]).toMatchObject({ enabled: false });
  });

  it('outside fields: Copy over a selection, else no menu at all', () => {
    const actions = { replace: () => undefined, addToDictionary: () => undefined };
    expect(
      contextMenuTemplate(params({ isEditable: false, selectionText: 'hi' }), actions),
    ).toEqual([{ role: 'copy' }]);
    expect(contextMenuTemplate(params({ isEditable: false }), actions)).toEqual([]);
  });
});

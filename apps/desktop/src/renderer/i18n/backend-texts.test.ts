import {
  BACKEND_TEXT_IDS,
  BACKEND_TEXT_TEMPLATES,
  englishText,
  XMPP_CONDITIONS,
  type BackendText,
} from '@parley/contract';
import type { TFunction } from 'i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_WORDS, backendTextWords, conditionWords, failureWords } from './backend-texts';
import { applyLanguage, loadAllLanguages } from './index';
import ar from './bundles/ar';
import de from './bundles/de';

// German and Arabic are chunks loaded on demand: loaded up front, the switches are at once.
beforeAll(loadAllLanguages);
afterEach(() => {
  applyLanguage('en');
});

/** The i18n key a mapping uses, without translating it. */
const keyOf = (words: (t: TFunction) => string): string =>
  words(((key: string) => key) as unknown as TFunction);

const translated = (lang: 'de' | 'ar', key: string): string =>
  (({ de, ar })[lang].backend as Record<string, string>)[key] ?? '';

/** Each `{{name}}` of the id's English template, filled with a sample. */
function sample(id: keyof typeof BACKEND_TEXT_TEMPLATES): BackendText {
  const names = [...BACKEND_TEXT_TEMPLATES[id].matchAll(/\{\{(\w+)\}\}/gu)].map((m) => m[1]!);
  const params = Object.fromEntries(
    names.filter((n) => n !== 'condition').map((n) => [n, `<${n}>`]),
  );
  return names.includes('condition') ? { id, params, condition: 'not-allowed' } : { id, params };
}

describe('every backend text in every language (the gate over the contract’s ids)', () => {
  it.each(BACKEND_TEXT_IDS)('%s: English as the contract says, German and Arabic written', (id) => {
    const text = sample(id);
    expect(backendTextWords(text)).toBe(englishText(text).replace('not-allowed', 'not allowed'));
    const key = keyOf((t) => BACKEND_WORDS[id](t, {}));
    expect(translated('de', key)).not.toBe('');
    expect(translated('ar', key)).not.toBe('');
  });

  it('names every RFC 6120 condition in German and Arabic', () => {
    for (const condition of XMPP_CONDITIONS) {
      const key = keyOf((t) => conditionWords(t, condition));
      expect(translated('de', key), condition).not.toBe('');
      expect(translated('ar', key), condition).not.toBe('');
    }
  });
});

describe('a backend text in the user’s language', () => {
  it('fills in its parameters', () => {
    const text: BackendText = {
      id: 'login.password-refused',
      params: { jid: 'alice@example.org' },
    };
    applyLanguage('de');
    expect(backendTextWords(text)).toBe(
      'Der Server hat das Passwort für alice@example.org abgelehnt',
    );
    applyLanguage('ar');
    expect(backendTextWords(text)).toBe('رفض الخادم كلمة مرور alice@example.org');
  });

  it('names the condition in the language', () => {
    applyLanguage('de');
    expect(backendTextWords({ id: 'room.refused-condition', condition: 'not-allowed' })).toBe(
      'Der Raum hat es abgelehnt (nicht erlaubt).',
    );
  });

  it('quotes the server’s own text as written, after the translated words', () => {
    applyLanguage('de');
    const bounce: BackendText = {
      id: 'bounce.policy-violation',
      condition: 'policy-violation',
      serverText: 'Spam filter: too many links',
      saidBy: 'server',
    };
    expect(backendTextWords(bounce)).toBe(
      'Eine Regel des Servers hat sie abgelehnt. Der Server sagt: „Spam filter: too many links“',
    );
    expect(backendTextWords({ ...bounce, id: 'room.refused', saidBy: 'room' })).toBe(
      'Der Raum hat es abgelehnt. Der Raum sagt: „Spam filter: too many links“',
    );
  });

  it('without a text of its own: the English message in English, else words for its code first', () => {
    expect(failureWords({ code: 'not-found', message: 'no such command session' })).toBe(
      'no such command session',
    );
    applyLanguage('de');
    expect(failureWords({ message: 'Old words' })).toBe(
      'Das hat nicht geklappt. Einzelheiten (auf Englisch): Old words',
    );
    const newer = { id: 'from.a-newer-backend' } as unknown as BackendText;
    expect(failureWords({ code: 'not-found', message: 'Newer words', text: newer })).toBe(
      'Das gibt es nicht mehr. Einzelheiten (auf Englisch): Newer words',
    );
    applyLanguage('ar');
    expect(failureWords({ code: 'not-connected', message: 'The account is offline' })).toBe(
      'الحساب غير متصل. التفاصيل (بالإنجليزية): The account is offline',
    );
    applyLanguage('de');
    expect(failureWords({ message: 'x', text: { id: 'message.empty' } })).toBe(
      'Die Nachricht ist leer',
    );
  });
});

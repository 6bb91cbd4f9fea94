import { afterEach, describe, expect, it, vi } from 'vitest';
import '../test/jsdom.js';
import {
  applyLanguage,
  i18n,
  languageDir,
  languageReady,
  NAMESPACES,
  resolveLanguage,
  tFor,
} from './index';
import { formatNumber } from './format';
import { dayLabel, formatClock } from '../ui/time';

afterEach(() => {
  applyLanguage('en');
});

describe('language choice', () => {
  it('follows the system by its base language, else English', () => {
    expect(resolveLanguage('system', ['de-AT', 'en-US'])).toBe('de');
    expect(resolveLanguage('system', ['fr-FR', 'ar-EG'])).toBe('ar');
    expect(resolveLanguage('system', ['fr-FR', 'ja'])).toBe('en');
    expect(resolveLanguage('de', ['ar'])).toBe('de');
  });

  it('sets lang and dir on the page, right-to-left for Arabic', () => {
    applyLanguage('ar');
    expect(document.documentElement.lang).toBe('ar');
    expect(document.documentElement.dir).toBe('rtl');
    applyLanguage('de');
    expect(document.documentElement.dir).toBe('ltr');
    expect(languageDir('ar')).toBe('rtl');
  });

  it('translates at call time, falling back to English for a text not yet translated', () => {
    const t = tFor('common');
    applyLanguage('de');
    expect(t('Yesterday')).toBe('Gestern');
    expect(t('A text nobody translated')).toBe('A text nobody translated');
    expect(i18n.language).toBe('de');
  });

  it('formats dates and numbers in the chosen language', () => {
    const ts = new Date(2026, 0, 2, 9, 5).getTime();
    applyLanguage('de');
    expect(formatNumber(1234567.5)).toBe('1.234.567,5');
    expect(formatClock(ts)).toBe('09:05');
    applyLanguage('en');
    expect(formatNumber(1234567.5)).toBe('1,234,567.5');
    expect(dayLabel(ts, ts)).toBe('Today');
  });

  it('uses each language’s plural rules', () => {
    i18n.addResource('ar', 'common', 'test {{count}} files_two', 'ملفان');
    i18n.addResource('ar', 'common', 'test {{count}} files_few', '{{count}} ملفات');
    i18n.addResource('en', 'common', 'test {{count}} files_one', 'one file');
    i18n.addResource('en', 'common', 'test {{count}} files_other', '{{count}} files');
    i18n.addResource(
      'de',
      'common',
      'test {{count, number}} files_other',
      '{{count, number}} Dateien',
    );
    const t = tFor('common');
    expect(t('test {{count}} files', { count: 1 })).toBe('one file');
    applyLanguage('ar');
    expect(t('test {{count}} files', { count: 2 })).toBe('ملفان');
    expect(t('test {{count}} files', { count: 3 })).toBe('3 ملفات');
    // A count written with ", number" takes the language's digits and grouping.
    applyLanguage('de');
    expect(t('test {{count, number}} files', { count: 12345 })).toBe('12.345 Dateien');
  });
});

describe('a language other than English', () => {
  const unload = (code: string) => {
    for (const ns of NAMESPACES) i18n.removeResourceBundle(code, ns);
  };

  it('is loaded when chosen, and the page keeps its language until every text is in', async () => {
    unload('de');
    applyLanguage('de');
    expect(i18n.language).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    await languageReady();
    expect(i18n.language).toBe('de');
    expect(document.documentElement.lang).toBe('de');
    expect(tFor('common')('Yesterday')).toBe('Gestern');
    for (const ns of NAMESPACES) expect(i18n.hasResourceBundle('de', ns)).toBe(true);
  });

  it('arriving after another choice is not applied', async () => {
    unload('ar');
    applyLanguage('ar');
    applyLanguage('en');
    await vi.waitFor(() => expect(i18n.hasResourceBundle('ar', 'chat')).toBe(true));
    await Promise.resolve();
    expect(i18n.language).toBe('en');
    expect(document.documentElement.dir).toBe('ltr');
    // Loaded meanwhile all the same: choosing it again is immediate.
    applyLanguage('ar');
    expect(document.documentElement.dir).toBe('rtl');
  });
});

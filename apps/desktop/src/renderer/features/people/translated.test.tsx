import '../../test/jsdom.js';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguage } from '../../i18n';
import { agoText, subscriptionWords } from './format';
import { ProfileView } from './ProfileView';

const EMPTY = {
  fullName: '',
  nickname: '',
  email: '',
  organisation: '',
  note: '',
  url: '',
  birthday: '',
  phone: '',
};

afterEach(() => {
  cleanup();
  applyLanguage('en');
});

describe('people in German and Arabic', () => {
  it('labels a profile and says how long ago in German', () => {
    applyLanguage('de');
    render(<ProfileView profile={{ ...EMPTY, fullName: 'Alice', phone: '+49 1' }} />);
    expect(screen.getByText('Vollständiger Name')).toBeTruthy();
    expect(screen.getByText('Telefon')).toBeTruthy();
    expect(agoText(61)).toBe('vor 1 Minute');
    expect(agoText(3 * 86_400)).toBe('vor 3 Tagen');
    expect(subscriptionWords({ subscription: 'both', askSubscribe: false })).toBe(
      'Ihr seht gegenseitig eure Anwesenheit.',
    );
  });

  it('uses the Arabic plural forms', () => {
    applyLanguage('ar');
    expect(agoText(60)).toBe('قبل دقيقة');
    expect(agoText(2 * 3_600)).toBe('قبل ساعتين');
    expect(agoText(5 * 60)).toContain('دقائق');
    expect(agoText(11 * 60)).toContain('دقيقة');
    render(<ProfileView profile={EMPTY} />);
    expect(screen.getByText('لا يوجد ملف شخصي منشور.')).toBeTruthy();
  });
});

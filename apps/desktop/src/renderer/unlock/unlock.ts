interface UnlockApi {
  submit(
    passphrase: string,
    confirmation: string | null,
  ): Promise<{ ok: boolean; message?: string }>;
}

import { createDesktopI18n } from '../i18n/desktop-i18n';
import { languageDir, resolveLanguageFrom } from '../i18n/languages';

// The language main chose (the system's until the main window reports one), checked here too.
const language = resolveLanguageFrom(
  new URLSearchParams(location.search).get('lang') ?? 'system',
  navigator.languages,
);
const i18n = createDesktopI18n(language);
function tFor(ns: 'desktop') {
  return i18n.getFixedT(null, ns);
}
const t = tFor('desktop');
document.documentElement.lang = language;
document.documentElement.dir = languageDir(language);

const api = (window as unknown as { parleyUnlock?: UnlockApi }).parleyUnlock;
const form = document.getElementById('unlock') as HTMLFormElement;
const input = document.getElementById('passphrase') as HTMLInputElement;
const confirmRow = document.getElementById('confirm-row') as HTMLDivElement;
const confirmation = document.getElementById('confirmation') as HTMLInputElement;
const error = document.getElementById('error') as HTMLParagraphElement;
const firstRun = new URLSearchParams(location.search).get('firstRun') === '1';

/** The page's fixed texts, written in English in unlock.html. */
function translatePage(): void {
  const text = (id: string, value: string) => {
    const element = document.getElementById(id);
    if (element) element.textContent = value;
  };
  document.title = t('Unlock Parley');
  text('title', t('Unlock Parley'));
  text(
    'explain',
    t(
      'This computer has no keychain Parley can use, so your messages and passwords are protected by a passphrase instead.',
    ),
  );
  text('passphrase-label', t('Passphrase'));
  text('confirmation-label', t('Type it again'));
  text('submit', t('Unlock'));
}
translatePage();

if (firstRun) {
  (document.getElementById('title') as HTMLElement).textContent = t('Choose a passphrase');
  input.autocomplete = 'new-password';
  // A typo in a new passphrase would lock the profile for good: it is typed twice (main checks).
  confirmRow.hidden = false;
  confirmation.required = true;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!api) return;
  error.textContent = '';
  if (firstRun && input.value !== confirmation.value) {
    error.textContent = t('The two passphrases differ. Type the same passphrase twice.');
    confirmation.select();
    return;
  }
  form.setAttribute('aria-busy', 'true');
  void api.submit(input.value, firstRun ? confirmation.value : null).then((result) => {
    form.removeAttribute('aria-busy');
    if (!result.ok) {
      error.textContent = result.message ?? t('Could not unlock.');
      input.select();
    }
  });
});

interface UnlockApi {
  submit(
    passphrase: string,
    confirmation: string | null,
  ): Promise<{ ok: boolean; message?: string }>;
}

const api = (window as unknown as { parleyUnlock?: UnlockApi }).parleyUnlock;
const form = document.getElementById('unlock') as HTMLFormElement;
const input = document.getElementById('passphrase') as HTMLInputElement;
const confirmRow = document.getElementById('confirm-row') as HTMLDivElement;
const confirmation = document.getElementById('confirmation') as HTMLInputElement;
const error = document.getElementById('error') as HTMLParagraphElement;
const firstRun = new URLSearchParams(location.search).get('firstRun') === '1';

if (firstRun) {
  (document.getElementById('title') as HTMLElement).textContent = 'Choose a passphrase';
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
    error.textContent = 'The two passphrases differ. Type the same passphrase twice.';
    confirmation.select();
    return;
  }
  form.setAttribute('aria-busy', 'true');
  void api.submit(input.value, firstRun ? confirmation.value : null).then((result) => {
    form.removeAttribute('aria-busy');
    if (!result.ok) {
      error.textContent = result.message ?? 'Could not unlock.';
      input.select();
    }
  });
});

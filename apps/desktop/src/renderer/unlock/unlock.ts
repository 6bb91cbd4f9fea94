interface UnlockApi {
  submit(passphrase: string): Promise<{ ok: boolean; message?: string }>;
}

const api = (window as unknown as { parleyUnlock?: UnlockApi }).parleyUnlock;
const form = document.getElementById('unlock') as HTMLFormElement;
const input = document.getElementById('passphrase') as HTMLInputElement;
const error = document.getElementById('error') as HTMLParagraphElement;

if (new URLSearchParams(location.search).get('firstRun') === '1') {
  (document.getElementById('title') as HTMLElement).textContent = 'Choose a passphrase';
  input.autocomplete = 'new-password';
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!api) return;
  error.textContent = '';
  form.setAttribute('aria-busy', 'true');
  void api.submit(input.value).then((result) => {
    form.removeAttribute('aria-busy');
    if (!result.ok) {
      error.textContent = result.message ?? 'Could not unlock.';
      input.select();
    }
  });
});

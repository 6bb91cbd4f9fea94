import { contextBridge, ipcRenderer } from 'electron';

// The unlock window gets one function: submit the passphrase (twice for a new profile), learn
// whether it opened the store.
contextBridge.exposeInMainWorld('parleyUnlock', {
  submit: (
    passphrase: string,
    confirmation: string | null,
  ): Promise<{ ok: boolean; message?: string }> =>
    ipcRenderer.invoke('parley:unlock', passphrase, confirmation),
});

import { contextBridge, ipcRenderer } from 'electron';

// The unlock window gets one function: submit the passphrase, learn whether it opened the store.
contextBridge.exposeInMainWorld('parleyUnlock', {
  submit: (passphrase: string): Promise<{ ok: boolean; message?: string }> =>
    ipcRenderer.invoke('parley:unlock', passphrase),
});

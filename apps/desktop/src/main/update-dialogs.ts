import type { MessageBoxOptions } from 'electron';
import { tFor } from './i18n.js';

const t = tFor('desktop');

/** The question before an update is downloaded; buttons: install, later, turn off. */
export function installQuestion(version: string): MessageBoxOptions {
  return {
    type: 'info',
    title: t('Update available'),
    message: t('Parley {{version}} is available.', { version }),
    detail: t('It is downloaded and checked first; you choose when to restart into it.'),
    buttons: [t('Download and install'), t('Later'), t('Turn off automatic updates')],
    defaultId: 0,
    cancelId: 1,
  };
}

/** The question once an update is downloaded and its signature checked; restart or on quit. */
export function restartQuestion(version: string): MessageBoxOptions {
  return {
    type: 'info',
    title: t('Update ready'),
    message: t('Parley {{version}} is ready to install.', { version }),
    detail: t('Restart now, or it is installed when you next quit Parley.'),
    buttons: [t('Restart now'), t('When I quit')],
    defaultId: 0,
    cancelId: 1,
  };
}

import type { InvitationProblem } from '@parley/contract';
import { tFor } from '../../i18n';

const t = tFor('invites');

/** Why a pasted text is not an invitation, in the user's words. */
export function problemText(problem: InvitationProblem): string {
  const words: Record<InvitationProblem, string> = {
    'not-a-link': t('Paste the whole link: it starts with xmpp:'),
    'not-an-invitation': t(
      'This xmpp: link is not an invitation (it has no invitation token). Ask for a new one.',
    ),
    'bad-token': t('The invitation’s token is damaged. Copy the whole link again.'),
    'bad-address': t('The address in this invitation is not valid. Copy the whole link again.'),
  };
  return words[problem];
}

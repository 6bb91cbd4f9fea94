// XEP-0050 command executions under way, per account: the service's session id, the command
// and the form last shown (its hidden fields go back with the next step). Bounded: a user runs
// a few at a time; the oldest is forgotten past the limit.
import type { AdhocAction, AdhocStep, DataForm, FormValues } from '@parley/contract';
import {
  buildCommandRequest,
  parseCommandResponse,
  type CommandResponse,
  type Session,
} from '@parley/xmpp';
import { HandlerError } from '../../handler-types.js';
import { iqHandlerError } from './iq-words.js';

export const MAX_RUNS_PER_ACCOUNT = 16;
export const ADHOC_TIMEOUT_MS = 30_000;

interface Run {
  jid: string;
  node: string;
  form: DataForm | null;
}

export class AdhocRuns {
  private readonly runs = new Map<string, Map<string, Run>>();

  async execute(
    session: Pick<Session, 'iq'>,
    accountId: string,
    jid: string,
    node: string,
  ): Promise<AdhocStep> {
    const request = buildCommandRequest({ to: jid, node, action: 'execute' });
    const response = await this.ask(session, request, `Running ${node} on ${jid}`, node);
    return this.record(accountId, jid, response, null);
  }

  async step(
    session: Pick<Session, 'iq'>,
    accountId: string,
    sessionId: string,
    action: AdhocAction,
    values: FormValues,
  ): Promise<AdhocStep> {
    const run = this.runs.get(accountId)?.get(sessionId);
    if (!run) throw new HandlerError('not-found', 'This command is no longer running');
    const request = buildCommandRequest({
      to: run.jid,
      node: run.node,
      action,
      sessionId,
      values,
      form: run.form,
    });
    let response: CommandResponse;
    try {
      response = await this.ask(session, request, `The next step of ${run.node}`, run.node);
    } catch (error) {
      // XEP-0050 §4.6: an error ends the session on the service's side too.
      this.forget(accountId, sessionId);
      throw error;
    }
    if (response.sessionId !== null && response.sessionId !== sessionId) {
      this.forget(accountId, sessionId);
      throw new HandlerError('failed', `${run.jid} answered for another command session`);
    }
    return this.record(accountId, run.jid, { ...response, sessionId }, sessionId);
  }

  /** Tells the service the user gave up (the dialog closed); forgets the run either way. */
  async cancel(session: Pick<Session, 'iq'> | null, accountId: string, sessionId: string) {
    const run = this.runs.get(accountId)?.get(sessionId);
    this.forget(accountId, sessionId);
    if (!run || !session) return;
    const request = buildCommandRequest({
      to: run.jid,
      node: run.node,
      action: 'cancel',
      sessionId,
    });
    await session.iq(request, ADHOC_TIMEOUT_MS).catch(() => {});
  }

  /** Every run of an account (it was removed or went offline for good). */
  forgetAccount(accountId: string): void {
    this.runs.delete(accountId);
  }

  private async ask(
    session: Pick<Session, 'iq'>,
    request: ReturnType<typeof buildCommandRequest>,
    what: string,
    node: string,
  ): Promise<CommandResponse> {
    let answer;
    try {
      answer = await session.iq(request, ADHOC_TIMEOUT_MS);
    } catch (error) {
      throw iqHandlerError(what, error);
    }
    const response = parseCommandResponse(answer);
    if (!response) throw new HandlerError('failed', `${what}: the answer was not a command result`);
    if (response.node !== node) {
      throw new HandlerError('failed', `${what}: the answer was for another command`);
    }
    return response;
  }

  private record(
    accountId: string,
    jid: string,
    response: CommandResponse,
    known: string | null,
  ): AdhocStep {
    const { sessionId } = response;
    if (sessionId !== null) {
      if (response.status === 'executing') {
        let runs = this.runs.get(accountId);
        if (!runs) this.runs.set(accountId, (runs = new Map()));
        runs.delete(sessionId);
        runs.set(sessionId, { jid, node: response.node, form: response.form ?? null });
        while (runs.size > MAX_RUNS_PER_ACCOUNT) runs.delete(runs.keys().next().value as string);
      } else {
        this.forget(accountId, sessionId);
      }
    } else if (known) {
      this.forget(accountId, known);
    }
    // Executing without a session id cannot continue: only a single-stage result makes sense.
    const stuck = response.status === 'executing' && sessionId === null;
    return {
      jid,
      node: response.node,
      sessionId,
      status: response.status,
      actions: stuck ? [] : response.actions,
      defaultAction: stuck ? null : response.defaultAction,
      notes: response.notes,
      form: response.form,
      result: response.result,
      table: response.table,
    };
  }

  private forget(accountId: string, sessionId: string): void {
    this.runs.get(accountId)?.delete(sessionId);
  }
}

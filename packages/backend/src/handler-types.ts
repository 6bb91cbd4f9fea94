import {
  englishText,
  type BackendText,
  type BackendTextId,
  type BackendTextParams,
  type CommandName,
  type CommandParsedRequest,
  type CommandResponse,
  type ErrorCode,
} from '@parley/contract';

/** A command's error that the caller sees as `{ code, message }`. */
export class HandlerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The same in a form the renderer translates; without it the user reads `message`. */
    readonly text?: BackendText,
  ) {
    super(message);
  }
}

/** A command error whose words the renderer shows in the user's language. */
export function textError(
  code: ErrorCode,
  id: BackendTextId,
  params?: BackendTextParams,
): HandlerError {
  const text: BackendText = params ? { id, params } : { id };
  return new HandlerError(code, englishText(text), text);
}

export type Handler<N extends CommandName> = (
  request: CommandParsedRequest<N>,
) => Promise<CommandResponse<N>> | CommandResponse<N>;

export type HandlerMap = { [N in CommandName]: Handler<N> };

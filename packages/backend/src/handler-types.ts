import type {
  CommandName,
  CommandParsedRequest,
  CommandResponse,
  ErrorCode,
} from '@parley/contract';

/** A command's error that the caller sees as `{ code, message }`. */
export class HandlerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type Handler<N extends CommandName> = (
  request: CommandParsedRequest<N>,
) => Promise<CommandResponse<N>> | CommandResponse<N>;

export type HandlerMap = { [N in CommandName]: Handler<N> };

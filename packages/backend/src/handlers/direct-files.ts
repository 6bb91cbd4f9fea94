import { HandlerError, type HandlerMap } from '../handler-types.js';

type DirectFileHandlers = Pick<
  HandlerMap,
  'files.sendDirect' | 'files.directSupport' | 'files.decline'
>;

/** Peer-to-peer file transfer (XEP-0234): not built yet; every command says so. */
export function directFileHandlers(): DirectFileHandlers {
  const notYet = (): never => {
    throw new HandlerError('failed', 'Direct file transfer is not available yet.');
  };
  return {
    'files.sendDirect': notYet,
    'files.directSupport': notYet,
    'files.decline': notYet,
  };
}

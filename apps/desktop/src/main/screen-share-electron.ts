// The Electron glue of screen sharing (screen-share.ts holds the logic): the session's
// display-media handler, desktopCapturer's sources, and the picker's channel to the window.
import { desktopCapturer, ipcMain, type WebContents } from 'electron';
import { desktopChannels, screenChoice } from '@parley/contract';
import { fromWindow, type BridgeEvent } from './desktop-bridge.js';
import { callMediaGate } from './media-permission.js';
import { ScreenSharePicker, sourceOf } from './screen-share.js';

export function bindScreenShare(contents: WebContents): () => void {
  const picker = new ScreenSharePicker({
    inCall: () => callMediaGate.inCall,
    listSources: async () =>
      (
        await desktopCapturer.getSources({
          types: ['screen', 'window'],
          thumbnailSize: { width: 240, height: 135 },
        })
      ).map(sourceOf),
    ask: (request) => {
      if (!contents.isDestroyed()) contents.send(desktopChannels.screenSources, request);
    },
  });
  const allowed = fromWindow(contents);
  const onChoice = (event: BridgeEvent, payload: unknown) => {
    const choice = screenChoice.safeParse(payload);
    if (allowed(event) && choice.success)
      picker.choose(choice.data.requestId, choice.data.sourceId);
  };
  const session = contents.session;
  session.setDisplayMediaRequestHandler((_request, callback) => void picker.request(callback));
  ipcMain.on(desktopChannels.screenChoice, onChoice);
  return () => {
    picker.cancel();
    ipcMain.removeListener(desktopChannels.screenChoice, onChoice);
    session.setDisplayMediaRequestHandler(null);
  };
}

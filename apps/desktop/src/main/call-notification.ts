// The system notification for a call ringing here, shown by main so that it works while the
// window is hidden in the tray: Answer and Decline buttons where the system shows them (macOS,
// Windows; Electron ignores them elsewhere), and a click that brings the window forward with its
// incoming-call dialog. One call rings at a time: a new notice replaces the old one.
import type { CallNotice, DesktopAction } from '@parley/contract';

/** The part of Electron's Notification used here (a fake in tests). */
export interface NoticeHandle {
  show(): void;
  close(): void;
  on(event: 'action', listener: (event: unknown, index: number) => void): void;
  on(event: 'click' | 'close', listener: () => void): void;
}

export interface NoticeOptions {
  title: string;
  body: string;
  actions: { type: 'button'; text: string }[];
  /** Stays until answered (Linux: critical urgency is not timed out). */
  urgency: 'critical';
  timeoutType: 'never';
}

export class CallNotices {
  private current: { notice: CallNotice; handle: NoticeHandle } | null = null;

  constructor(
    private readonly make: (options: NoticeOptions) => NoticeHandle,
    /** Hands the user's choice to the renderer (it answers with the devices, or declines). */
    private readonly act: (action: DesktopAction) => void,
    private readonly showWindow: () => void,
  ) {}

  /** Shows the notice for a ringing call, or takes it away (null). */
  set(notice: CallNotice | null): void {
    this.close();
    if (!notice) return;
    const handle = this.make({
      title: notice.title,
      body: notice.body,
      actions: [
        { type: 'button', text: notice.answer },
        { type: 'button', text: notice.decline },
      ],
      urgency: 'critical',
      timeoutType: 'never',
    });
    const current = { notice, handle };
    this.current = current;
    const live = () => this.current === current;
    const choose = (answer: boolean) => {
      if (!live()) return;
      this.close();
      // Answering needs the window: the call runs there.
      if (answer) this.showWindow();
      this.act({ kind: 'call', accountId: notice.accountId, callId: notice.callId, answer });
    };
    handle.on('action', (_event, index) => {
      if (index === 0) choose(true);
      else if (index === 1) choose(false);
    });
    handle.on('click', () => {
      if (live()) this.showWindow();
    });
    handle.on('close', () => {
      if (live()) this.current = null;
    });
    handle.show();
  }

  private close(): void {
    const current = this.current;
    this.current = null;
    current?.handle.close();
  }
}

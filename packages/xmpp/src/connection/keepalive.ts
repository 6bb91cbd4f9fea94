/**
 * Dead-connection detection. A TCP connection can die without a FIN (NAT timeout, suspend,
 * Wi-Fi change) and writes then succeed into the void for minutes. Like Dino, we probe after
 * `idleMs` of silence (an SM <r/>, or a XEP-0199 ping without SM) and declare the connection
 * dead if nothing at all arrives within `answerMs`. Any incoming byte counts as life.
 */
export interface KeepaliveOptions {
  idleMs: number;
  answerMs: number;
  /** Sends something the server must answer. */
  probe: () => void;
  /** Called once when the connection is judged dead. */
  dead: () => void;
}

export class Keepalive {
  private idleTimer: NodeJS.Timeout | null = null;
  private answerTimer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly options: KeepaliveOptions) {}

  start(): void {
    this.running = true;
    this.activity();
  }

  stop(): void {
    this.running = false;
    this.clear();
  }

  /** Something arrived: the connection is alive; restart the silence clock. */
  activity(): void {
    if (!this.running) return;
    this.clear();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.expectAnswer();
      this.options.probe();
    }, this.options.idleMs);
  }

  /** We sent something the server will answer (an <r/> after a stanza): start the answer clock. */
  expectAnswer(): void {
    if (!this.running || this.answerTimer) return;
    this.answerTimer = setTimeout(() => {
      this.answerTimer = null;
      this.stop();
      this.options.dead();
    }, this.options.answerMs);
  }

  private clear(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.answerTimer) clearTimeout(this.answerTimer);
    this.idleTimer = null;
    this.answerTimer = null;
  }
}

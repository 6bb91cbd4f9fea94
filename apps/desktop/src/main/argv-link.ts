/** The first xmpp: URI among a command line's arguments (Windows and Linux pass links so). */
export function xmppUriFromArgv(argv: readonly string[]): string | null {
  return argv.find((arg) => /^xmpp:/iu.test(arg)) ?? null;
}

/** XEP-0245: a body that starts with "/me " is an action by its sender ("* Bob waves"). */
const ME = '/me ';

export function isMeAction(body: string): boolean {
  return body.startsWith(ME) && body.length > ME.length;
}

/** The action without the command: "waves" for "/me waves"; any other body as it is. */
export function withoutMe(body: string): string {
  return body.startsWith(ME) ? body.slice(ME.length) : body;
}

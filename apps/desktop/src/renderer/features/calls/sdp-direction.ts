// SDP says who sends from the point of view of the description's author (sendonly: "I send");
// Jingle says it by role (senders="initiator"). The mapping needs to know who wrote the SDP.
type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
export type Senders = 'both' | 'initiator' | 'responder' | 'none';
export type Role = 'initiator' | 'responder';

export function sendersFromDirection(direction: string | undefined, author: Role): Senders {
  const other: Role = author === 'initiator' ? 'responder' : 'initiator';
  switch (direction) {
    case 'sendonly':
      return author;
    case 'recvonly':
      return other;
    case 'inactive':
      return 'none';
    default:
      return 'both';
  }
}

export function directionFromSenders(senders: Senders, author: Role): Direction {
  if (senders === 'both') return 'sendrecv';
  if (senders === 'none') return 'inactive';
  return senders === author ? 'sendonly' : 'recvonly';
}

/** Fmtp config (`a=fmtp:111 minptime=10;useinbandfec=1`) ↔ XEP-0167 <parameter/>s. */
export function fmtpToParameters(config: string): { name: string; value: string }[] {
  return config
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      // A bare value (RED's "111/111") keeps its text as the name with an empty value.
      return eq < 0
        ? { name: part, value: '' }
        : { name: part.slice(0, eq), value: part.slice(eq + 1) };
    });
}

export function parametersToFmtp(parameters: readonly { name: string; value: string }[]): string {
  return parameters.map((p) => (p.value === '' ? p.name : `${p.name}=${p.value}`)).join(';');
}

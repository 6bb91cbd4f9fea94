/**
 * Messages of chat-like text for the search bench, the same for every run (seeded): five
 * languages, words drawn with a Zipf-like skew (a few words are in most messages, most words are
 * rare), some emoji and links, 40 conversations on two accounts with a skewed share each.
 */
import type { NewMessage } from '../../packages/store/src/repositories/messages.js';

/** In exactly RARE_COUNT messages (some of them in peer0's conversation). */
export const RARE_WORD = 'xylophonique';
const RARE_COUNT = 20;
const PEERS = 40;

// Ordered roughly by frequency: the first words are drawn far more often than the last.
const WORDS: Record<string, string[]> = {
  en: (
    'the to I you a and it is that of in for on we be this have do not with at are so can ' +
    'just what if but about will know was get like meeting tomorrow today time think one ' +
    'good now see yes no go there call going thanks back then when make how work need ' +
    'ok right later week really could let send file look news weekend dinner train office ' +
    'project review draft budget deadline holiday birthday doctor recipe garden concert'
  ).split(' '),
  fr: (
    'le de la et à les un une est je pas que tu on il en des du ce pour ça bien oui non ' +
    'demain aujourd’hui réunion déjà très où après être été crème brûlée café fenêtre ' +
    'hôpital élève français théâtre forêt château gâteau noël fête'
  ).split(' '),
  de: (
    'der die und das ich nicht du ist es ein zu den mit sich auf für morgen heute schön ' +
    'grüße übermorgen straße größe mädchen können müssen würde später besprechung'
  ).split(' '),
  es: (
    'de la que el en y a los se no un por con para una mañana hoy reunión también ' +
    'pequeño niño año señor canción corazón después'
  ).split(' '),
  ru: (
    'и в не на я что он с как это то все она так его но да ты привет завтра сегодня ' +
    'встреча спасибо хорошо работа письмо поезд выходные'
  ).split(' '),
};
const LANGS = Object.keys(WORDS);
const EMOJI = ['👍', '😂', '🎉', '❤️', '🙏', '👋🏽'];

/** mulberry32: small, fast, good enough to make text. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index in [0, n) skewed to the front (cube of a uniform draw). */
const skewed = (rand: () => number, n: number) => Math.floor(n * rand() ** 3);

export function* corpus(count: number, seed = 42): Generator<NewMessage> {
  const rand = prng(seed);
  const rareEvery = Math.max(1, Math.floor(count / RARE_COUNT));
  for (let i = 0; i < count; i++) {
    const lang = LANGS[skewed(rand, LANGS.length)]!;
    const words = WORDS[lang]!;
    const length = 2 + Math.floor(rand() * 18);
    const parts: string[] = [];
    for (let w = 0; w < length; w++) parts.push(words[skewed(rand, words.length)]!);
    if (rand() < 0.05) parts.push(EMOJI[Math.floor(rand() * EMOJI.length)]!);
    if (rand() < 0.01) parts.push(`https://example.org/p/${Math.floor(rand() * 1e6)}`);
    const rare = i % rareEvery === rareEvery >> 1;
    if (rare) parts.splice(1, 0, RARE_WORD);
    let body = parts.join(' ');
    body = body.charAt(0).toUpperCase() + body.slice(1);
    // peer0 holds the most messages (~16 %), the tail a few hundred each at 10^6.
    let peer = `peer${skewed(rand, PEERS)}@example.org`;
    let accountId = i % 5 === 0 ? 'a2' : 'a1';
    // Half the rare messages are in a1's busiest conversation, which the bench searches alone.
    if (rare && Math.floor(i / rareEvery) % 2 === 0) {
      peer = 'peer0@example.org';
      accountId = 'a1';
    }
    const incoming = rand() < 0.55;
    yield {
      id: `m${i}`,
      accountId,
      peer,
      direction: incoming ? 'in' : 'out',
      body,
      timestamp: 1_600_000_000_000 + i * 30_000,
      status: incoming ? 'received' : 'acked',
      originId: `o${i}`,
      stanzaId: `s${i}`,
    };
  }
}

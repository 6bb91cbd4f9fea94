/**
 * The notification sound: a short two-note chime made here as a WAV (8 kHz, 8-bit, mono, a
 * quarter second, about 2 KB), so it ships in the code and never comes from the network.
 */
const RATE = 8_000;
const NOTES: readonly { hz: number; seconds: number }[] = [
  { hz: 880, seconds: 0.1 },
  { hz: 1320, seconds: 0.15 },
];

function samples(): Uint8Array {
  const total = NOTES.reduce((n, note) => n + Math.round(note.seconds * RATE), 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const note of NOTES) {
    const count = Math.round(note.seconds * RATE);
    for (let i = 0; i < count; i++) {
      // A quick fade in and a longer fade out: no click at either end.
      const envelope = Math.min(1, i / 80) * Math.min(1, (count - i) / (count * 0.6));
      const wave = Math.sin((2 * Math.PI * note.hz * i) / RATE);
      out[at++] = Math.round(128 + 90 * envelope * wave);
    }
  }
  return out;
}

/** A RIFF/WAVE file of unsigned 8-bit PCM. */
export function chimeWav(): Uint8Array {
  const data = samples();
  const wav = new Uint8Array(44 + data.length);
  const view = new DataView(wav.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) wav[at + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + data.length, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, RATE, true);
  view.setUint32(28, RATE, true); // bytes per second
  view.setUint16(32, 1, true); // block align
  view.setUint16(34, 8, true); // bits per sample
  text(36, 'data');
  view.setUint32(40, data.length, true);
  wav.set(data, 44);
  return wav;
}

let url: string | null = null;

/** The chime as a data: URL (the renderer's CSP allows data: media), made once. */
export function chimeUrl(): string {
  if (url === null) {
    let binary = '';
    for (const byte of chimeWav()) binary += String.fromCharCode(byte);
    url = `data:audio/wav;base64,${btoa(binary)}`;
  }
  return url;
}

/** Plays the chime; a system without sound output just stays quiet. */
export function playChime(): void {
  if (typeof Audio === 'undefined') return;
  const audio = new Audio(chimeUrl());
  audio.volume = 0.6;
  void audio.play().catch(() => undefined);
}

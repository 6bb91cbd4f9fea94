// Connection quality from RTCPeerConnection.getStats(): the selected candidate pair's round
// trip and the packet loss of what we receive, as the call panel shows them.

export interface Quality {
  /** Round-trip time in ms of the pair in use; null before one is measured. */
  rttMs: number | null;
  /** Share of inbound RTP packets lost since the start, 0–100; null before any arrived. */
  lossPercent: number | null;
  level: 'good' | 'fair' | 'poor' | 'unknown';
}

interface PairStats {
  type: 'candidate-pair';
  state?: string;
  nominated?: boolean;
  currentRoundTripTime?: number;
}
interface InboundStats {
  type: 'inbound-rtp';
  packetsLost?: number;
  packetsReceived?: number;
}

function level(rttMs: number | null, loss: number | null): Quality['level'] {
  if (rttMs === null && loss === null) return 'unknown';
  if ((rttMs ?? 0) > 400 || (loss ?? 0) > 5) return 'poor';
  if ((rttMs ?? 0) > 150 || (loss ?? 0) > 1) return 'fair';
  return 'good';
}

export function qualityFrom(report: Iterable<{ type: string }>): Quality {
  let rttMs: number | null = null;
  let lost = 0;
  let received = 0;
  for (const entry of report) {
    if (entry.type === 'candidate-pair') {
      const pair = entry as PairStats;
      if (pair.state === 'succeeded' && pair.nominated && pair.currentRoundTripTime !== undefined)
        rttMs = Math.round(pair.currentRoundTripTime * 1000);
    } else if (entry.type === 'inbound-rtp') {
      const inbound = entry as InboundStats;
      lost += Math.max(0, inbound.packetsLost ?? 0);
      received += inbound.packetsReceived ?? 0;
    }
  }
  const total = lost + received;
  const lossPercent = total > 0 ? Math.round((lost / total) * 1000) / 10 : null;
  return { rttMs, lossPercent, level: level(rttMs, lossPercent) };
}

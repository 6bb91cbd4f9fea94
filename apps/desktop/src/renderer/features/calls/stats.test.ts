import { describe, expect, it } from 'vitest';
import { qualityFrom } from './stats';

describe('call quality from getStats()', () => {
  it('takes the nominated pair’s round trip and the inbound loss', () => {
    const q = qualityFrom([
      { type: 'candidate-pair', state: 'succeeded', nominated: false, currentRoundTripTime: 0.9 },
      { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.021 },
      { type: 'inbound-rtp', packetsLost: 1, packetsReceived: 199 },
      { type: 'inbound-rtp', packetsLost: 0, packetsReceived: 200 },
      { type: 'outbound-rtp' },
    ] as unknown as { type: string }[]);
    expect(q).toEqual({ rttMs: 21, lossPercent: 0.3, level: 'good' });
  });

  it('calls heavy loss poor and says unknown before anything is measured', () => {
    expect(
      qualityFrom([{ type: 'inbound-rtp', packetsLost: 10, packetsReceived: 90 }] as unknown as {
        type: string;
      }[]).level,
    ).toBe('poor');
    expect(qualityFrom([])).toEqual({ rttMs: null, lossPercent: null, level: 'unknown' });
  });
});

import { xml } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { buildTimeResponse, isTimeRequest } from './time.js';

describe('XEP-0202 time', () => {
  const request = xml(
    'iq',
    { type: 'get', id: 'time_1', from: 'juliet@capulet.com/balcony' },
    xml('time', { xmlns: 'urn:xmpp:time' }),
  );
  const now = Date.UTC(2006, 11, 19, 17, 58, 35, 421);

  it('answers in UTC by default', () => {
    expect(isTimeRequest(request)).toBe(true);
    expect(buildTimeResponse(request, now)?.toString()).toBe(
      '<iq type="result" to="juliet@capulet.com/balcony" id="time_1"><time xmlns="urn:xmpp:time">' +
        '<tzo>+00:00</tzo><utc>2006-12-19T17:58:35Z</utc></time></iq>',
    );
  });

  it('formats offsets when the user allows it', () => {
    expect(buildTimeResponse(request, now, -360)?.getChild('time')?.getChildText('tzo')).toBe(
      '-06:00',
    );
    expect(buildTimeResponse(request, now, 330)?.getChild('time')?.getChildText('tzo')).toBe(
      '+05:30',
    );
  });

  it('ignores other iqs', () => {
    expect(
      buildTimeResponse(
        xml('iq', { type: 'get', id: 't' }, xml('time', { xmlns: 'urn:xmpp:time:0' })),
        now,
      ),
    ).toBeNull();
  });
});

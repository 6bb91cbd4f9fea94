// Audio/video calls: Jingle RTP sessions (XEP-0166/0167) over ICE-UDP (XEP-0176) with DTLS-SRTP
// (XEP-0320), started by Jingle Message Initiation (XEP-0353), with STUN/TURN servers from
// XEP-0215. The renderer owns the WebRTC session and turns its SDP into the structured
// description below (and back); the backend turns that into Jingle XML (and back). Raw SDP never
// crosses the contract: every field is checked here, bounded, before either side acts on it.
import { z } from 'zod';
import { accountId, jidText } from './ids.js';

/** Printable tokens as SDP and Jingle use them (ids, names, ufrag, foundations). */
const token = (max: number) =>
  z
    .string()
    .regex(/^[\x21-\x7e]+$/u)
    .max(max);

/** RFC 8445 ICE candidate, as XEP-0176 <candidate/> carries it. */
export const iceCandidate = z.object({
  component: z.number().int().min(1).max(256),
  foundation: token(32),
  generation: z.number().int().min(0).max(255).default(0),
  /** Jingle's candidate id (unique within the session). */
  id: token(64),
  /** An IP address, or an mDNS name (`<uuid>.local`) as Chromium hides host addresses. */
  ip: z
    .string()
    .regex(/^[0-9A-Za-z.:%-]+$/u)
    .max(255),
  port: z.number().int().min(0).max(65535),
  priority: z.number().int().min(0).max(4294967295),
  protocol: z.enum(['udp', 'tcp']),
  type: z.enum(['host', 'srflx', 'prflx', 'relay']),
  relAddr: z
    .string()
    .regex(/^[0-9A-Za-z.:%-]+$/u)
    .max(255)
    .optional(),
  relPort: z.number().int().min(0).max(65535).optional(),
  network: z.number().int().min(0).max(255).optional(),
  /** RFC 6544 for tcp candidates: active, passive, so. */
  tcpType: z.enum(['active', 'passive', 'so']).optional(),
});
export type IceCandidate = z.infer<typeof iceCandidate>;

/** XEP-0320: the DTLS certificate's fingerprint and role. */
export const dtlsFingerprint = z.object({
  hash: z.enum(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']),
  setup: z.enum(['actpass', 'active', 'passive']),
  /** Colon-separated upper-case hex, as SDP writes it. */
  value: z.string().regex(/^[0-9A-F]{2}(:[0-9A-F]{2}){15,63}$/u),
});
export type DtlsFingerprint = z.infer<typeof dtlsFingerprint>;

export const iceTransport = z.object({
  ufrag: z.string().regex(/^[A-Za-z0-9+/]{4,256}$/u),
  pwd: z.string().regex(/^[A-Za-z0-9+/]{22,256}$/u),
  fingerprint: dtlsFingerprint.nullable(),
  candidates: z.array(iceCandidate).max(64),
});
export type IceTransport = z.infer<typeof iceTransport>;

const parameterList = z.array(z.object({ name: token(64), value: z.string().max(256) })).max(32);

/** XEP-0167 <payload-type/> with XEP-0293 feedback. */
export const payloadType = z.object({
  id: z.number().int().min(0).max(127),
  name: token(32),
  clockrate: z.number().int().min(0).max(1_000_000).optional(),
  channels: z.number().int().min(1).max(16).optional(),
  parameters: parameterList,
  feedback: z.array(z.object({ type: token(32), subtype: token(32).optional() })).max(16),
});
export type PayloadType = z.infer<typeof payloadType>;

/** XEP-0294 RTP header extension. */
export const headerExtension = z.object({
  id: z.number().int().min(1).max(255),
  uri: z.string().url().max(256),
  senders: z.enum(['both', 'initiator', 'responder']).optional(),
});

/** XEP-0339 source-specific media attributes. */
export const rtpSource = z.object({
  ssrc: z.number().int().min(0).max(4294967295),
  parameters: parameterList,
});
export const rtpSourceGroup = z.object({
  semantics: token(16),
  ssrcs: z.array(z.number().int().min(0).max(4294967295)).min(1).max(16),
});

export const rtpDescription = z.object({
  media: z.enum(['audio', 'video']),
  payloadTypes: z.array(payloadType).min(1).max(64),
  headerExtensions: z.array(headerExtension).max(32),
  /** XEP-0167 §5 rtcp-mux; WebRTC needs it. */
  rtcpMux: z.boolean(),
  sources: z.array(rtpSource).max(16),
  sourceGroups: z.array(rtpSourceGroup).max(8),
});
export type RtpDescription = z.infer<typeof rtpDescription>;

export const jingleSenders = z.enum(['both', 'initiator', 'responder', 'none']);

/** One Jingle <content/>: a media stream and its transport. */
export const jingleContent = z.object({
  name: token(64),
  creator: z.enum(['initiator', 'responder']),
  senders: jingleSenders,
  description: rtpDescription,
  transport: iceTransport,
});
export type JingleContent = z.infer<typeof jingleContent>;

/** What an offer, an answer or a content-add carries: the contents and their bundle (0338). */
export const callDescription = z.object({
  contents: z.array(jingleContent).min(1).max(8),
  /** XEP-0338 BUNDLE group: the names of the contents sharing one transport. */
  bundle: z.array(token(64)).max(8).nullable(),
});
export type CallDescription = z.infer<typeof callDescription>;

export const callMedia = z.enum(['audio', 'video']);
export type CallMedia = z.infer<typeof callMedia>;

/** A call's life as the user sees it. */
export const callState = z.enum([
  /** Outgoing: proposed, the callee's devices ring. */
  'ringing',
  /** Incoming: ringing here. */
  'incoming',
  /** Accepted (by the callee, here or on the other side); Jingle is being set up. */
  'connecting',
  /** Media flows. */
  'active',
  'ended',
]);
export type CallState = z.infer<typeof callState>;

/** Why a call ended, in XEP-0166 reason words where one applies. */
export const callEndReason = z.enum([
  'hangup',
  'declined',
  'busy',
  'cancelled',
  'missed',
  'answered-elsewhere',
  'declined-elsewhere',
  'connectivity-error',
  'failed-application',
  'security-error',
  'timeout',
  'gone',
]);
export type CallEndReason = z.infer<typeof callEndReason>;

export const call = z.object({
  accountId,
  /** The XEP-0353 / Jingle session id. */
  id: token(128),
  /** The other party's bare JID (the conversation it belongs to). */
  peer: jidText,
  /** The device of the other party in the session, once one has answered or called. */
  peerDevice: jidText.nullable(),
  direction: z.enum(['in', 'out']),
  media: z.array(callMedia).min(1).max(2),
  state: callState,
  endReason: callEndReason.nullable(),
  /** UTC ms. */
  startedAt: z.number(),
  /** When media started flowing; null before. */
  connectedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  /** The session is encrypted end to end with a DTLS fingerprint verified by OMEMO (0396). */
  verified: z.boolean(),
});
export type Call = z.infer<typeof call>;

/** A STUN or TURN server the account's server offers (XEP-0215), for RTCPeerConnection. */
export const iceServer = z.object({
  urls: z
    .array(
      z
        .string()
        .regex(/^(stun|stuns|turn|turns):[\x21-\x7e]+$/u)
        .max(512),
    )
    .min(1)
    .max(4),
  username: z.string().max(512).optional(),
  credential: z.string().max(512).optional(),
  /** UTC ms when the credentials stop working; null when they do not. */
  expiresAt: z.number().nullable(),
});
export type IceServer = z.infer<typeof iceServer>;

const callRef = z.object({ accountId, callId: token(128) });
const ok = z.object({ ok: z.literal(true) });
export const callFailure = z.object({
  code: z.enum(['no-such-call', 'not-online', 'not-supported', 'busy', 'bad-state', 'failed']),
  message: z.string(),
});
export type CallFailure = z.infer<typeof callFailure>;
const failed = z.object({ ok: z.literal(false), failure: callFailure });
const done = z.union([ok, failed]);

export const callCommands = {
  /** Rings every device of `peer` (a propose to the bare JID). */
  'calls.start': {
    request: z.object({ accountId, peer: jidText, media: z.array(callMedia).min(1).max(2) }),
    response: z.union([z.object({ ok: z.literal(true), call }), failed]),
  },
  /** Answers an incoming call here (the caller's other candidates stop ringing). */
  'calls.accept': { request: callRef, response: done },
  /** Declines an incoming call, or hangs up / cancels one in any state. */
  'calls.end': {
    request: callRef.extend({ reason: z.enum(['hangup', 'declined', 'busy']).default('hangup') }),
    response: done,
  },
  /** The local description: an offer (caller) or an answer (callee), or a content-add's offer. */
  'calls.describe': {
    request: callRef.extend({
      kind: z.enum(['offer', 'answer', 'content-add', 'content-accept']),
      description: callDescription,
    }),
    response: done,
  },
  /** A local ICE candidate (trickled as transport-info). */
  'calls.candidate': {
    request: callRef.extend({
      content: token(64),
      ufrag: iceTransport.shape.ufrag,
      candidate: iceCandidate,
    }),
    response: done,
  },
  /** Media flows (or stopped flowing): the renderer saw the connection's state. */
  'calls.connected': { request: callRef.extend({ connected: z.boolean() }), response: done },
  /** STUN/TURN servers for a call on this account (XEP-0215, with fresh credentials). */
  'calls.iceServers': {
    request: z.object({ accountId }),
    response: z.object({ servers: z.array(iceServer).max(16) }),
  },
  /** Calls not ended, e.g. for a window that opened while one rings. */
  'calls.list': { request: z.object({}), response: z.object({ calls: z.array(call).max(16) }) },
} as const;

export const callEvents = {
  /** A call started, rang, was answered (here or elsewhere), connected or ended. */
  'call.changed': call,
  /** The other side's description: an offer to answer, an answer to apply, a content-add. */
  'call.description': z.object({
    accountId,
    callId: token(128),
    kind: z.enum(['offer', 'answer', 'content-add', 'content-accept']),
    description: callDescription,
  }),
  /**
   * The other side turned contents down or took them away: content-reject answers our
   * content-add (video it did not take), content-remove ends contents of the running call.
   */
  'call.contents-dropped': z.object({
    accountId,
    callId: token(128),
    contents: z.array(token(64)).min(1).max(16),
    how: z.enum(['rejected', 'removed']),
  }),
  /** A remote candidate (transport-info). */
  'call.candidate': z.object({
    accountId,
    callId: token(128),
    content: token(64),
    ufrag: iceTransport.shape.ufrag,
    candidate: iceCandidate,
  }),
} as const;

/**
 * A call as the timeline keeps it (a message row with an empty body): who called (the row's
 * direction), with what, and how it ended.
 */
export const callLog = z.object({
  callId: token(128),
  media: z.array(callMedia).min(1).max(2),
  outcome: z.enum(['answered', 'missed', 'declined', 'cancelled', 'failed']),
  /** From media flowing to hang-up; null when it never connected. */
  durationMs: z.number().int().min(0).nullable(),
});
export type CallLog = z.infer<typeof callLog>;

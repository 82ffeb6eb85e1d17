import { mediaToken, type MediaToken, type Session } from './api';

// A room's audio through the browser's own RTCPeerConnection (docs/media-protocol.md, "5. WebRTC (browsers)"):
// listening is a WHEP session with receive-only audio sections, one per loudest speaker the edge forwards;
// speaking is a second, WHIP session beside it ("Speaking in a room: two sessions"), no renegotiation.
const TRACKS = 3;

/** How often each track's gain follows the speaker on it (ms): a switch plays at most this long at the old volume. */
const FOLLOW_SPEAKER_MS = 100;

/** A playing WHEP session; `stop()` ends it at the edge (DELETE) and closes the connection. */
export interface Listening {
  /** How loud each person is heard: user id → gain, 0 (silent) to 1 (as sent); anyone not named plays at 1. */
  setVolumes(volumes: ReadonlyMap<string, number>): void;
  stop(): void;
}

/**
 * A speaker's contributing-source id, the CSRC the edge writes in every packet of theirs it sends to a WebRTC
 * listener (docs/media-protocol.md, "Tracks"): 32-bit FNV-1a of the user id's UTF-8 bytes, unsigned.
 */
export function contributingSource(userId: string): number {
  let hash = 0x811c9dc5;
  for (const b of new TextEncoder().encode(userId)) hash = Math.imul(hash ^ b, 0x01000193);
  return hash >>> 0;
}

/** The contributing-source id of the speaker a track plays now (the CSRC heard last), or null for none yet. */
function speakerOn(receiver: RTCRtpReceiver): number | null {
  let newest: RTCRtpContributingSource | null = null;
  for (const c of receiver.getContributingSources()) if (!newest || c.timestamp > newest.timestamp) newest = c;
  return newest?.source ?? null;
}

/** A microphone published through WHIP. */
export interface Publishing {
  /** Sends the microphone's sound (true) or silence (false), at once and without renegotiating. */
  setLive(live: boolean): void;
  /** Ends the session at the edge (DELETE), closes the connection and releases the microphone. */
  stop(): void;
}

/** An audio session at the edge: its connection and where to DELETE it. */
interface EdgeSession {
  pc: RTCPeerConnection;
  stop(): void;
}

/**
 * Offers `pc`'s audio sections to `url` (WHIP or WHEP: the same exchange) with the media token and applies the
 * answer; throws a sentence with the edge's reason when it refuses (401, 403 `token revoked`, 409, ...).
 */
async function offer(pc: RTCPeerConnection, url: string, media: MediaToken, what: string): Promise<EdgeSession> {
  const auth = { Authorization: `Bearer ${media.token}` };
  await pc.setLocalDescription(await pc.createOffer());
  const r = await fetch(url, {
    method: 'POST',
    body: pc.localDescription!.sdp,
    headers: { 'Content-Type': 'application/sdp', ...auth },
  });
  if (r.status !== 201) {
    pc.close();
    throw new Error(`The audio server refused to ${what} (${r.status}: ${await r.text()}).`);
  }
  const location = new URL(r.headers.get('Location')!, url).toString();
  await pc.setRemoteDescription({ type: 'answer', sdp: await r.text() });
  return {
    pc,
    stop() {
      pc.close();
      void fetch(location, { method: 'DELETE', headers: auth }).catch(() => {});
    },
  };
}

const connection = (media: MediaToken) =>
  new RTCPeerConnection({ iceServers: media.ice_servers ?? [], bundlePolicy: 'max-bundle' });

/**
 * Starts playing the room; call it from a user gesture (a click), as browsers require for audio. Each of the WHEP
 * session's tracks plays through a Web Audio GainNode set to the volume of the person on that track now (its CSRC),
 * not through an `<audio>` element's `volume`, which iOS Safari does not let a page change.
 */
export async function listen(session: Session, roomId: string): Promise<Listening> {
  const context = new AudioContext(); // made during the click, so it may play
  try {
    return await play(context, await mediaToken(session, roomId));
  } catch (e) {
    void context.close();
    throw e;
  }
}

async function play(context: AudioContext, media: MediaToken): Promise<Listening> {
  let gains = new Map<number, number>();
  const tracks: { receiver: RTCRtpReceiver; gain: GainNode; element: HTMLAudioElement }[] = [];
  const follow = () => {
    for (const t of tracks) {
      const speaker = speakerOn(t.receiver);
      t.gain.gain.value = speaker === null ? 1 : gains.get(speaker) ?? 1;
    }
  };
  const pc = connection(media);
  for (let i = 0; i < TRACKS; i++) pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.ontrack = (e) => {
    const stream = new MediaStream([e.track]);
    // Chromium feeds a remote track to Web Audio only while a media element plays it: a muted one does.
    const element = new Audio();
    element.muted = true;
    element.srcObject = stream;
    void element.play();
    const gain = context.createGain();
    context.createMediaStreamSource(stream).connect(gain).connect(context.destination);
    tracks.push({ receiver: e.receiver, gain, element });
  };
  const edge = await offer(pc, media.whep_url, media, 'play this room');
  const timer = setInterval(follow, FOLLOW_SPEAKER_MS);
  return {
    setVolumes(volumes) {
      gains = new Map([...volumes].map(([id, v]) => [contributingSource(id), v]));
      follow();
    },
    stop() {
      clearInterval(timer);
      tracks.forEach((t) => t.element.pause());
      void context.close();
      edge.stop();
    },
  };
}

/** Why the browser gave no microphone, as a sentence (getUserMedia's DOMException names). */
function micRefused(e: unknown): Error {
  const name = e instanceof DOMException ? e.name : '';
  if (name === 'NotAllowedError') return new Error('The browser was not allowed to use your microphone; allow it in the site settings.');
  if (name === 'NotFoundError') return new Error('No microphone was found.');
  if (name === 'NotReadableError') return new Error('Your microphone is in use by another program.');
  return new Error(`The microphone could not be opened${e instanceof Error ? ` (${e.message})` : ''}.`);
}

/**
 * Opens the microphone (the browser may ask the person) and publishes it to the room's WHIP URL, with a media
 * token asked for now: only a speaker's or moderator's names a `whip_url`. Call it from the person's click on
 * "Use microphone", their explicit consent. Starts silent (`setLive(false)`) until the caller says otherwise.
 */
export async function speak(session: Session, roomId: string): Promise<Publishing> {
  const media = await mediaToken(session, roomId);
  if (!media.whip_url) throw new Error('Only people on the stage can use their microphone here.');
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('This browser cannot use a microphone on this page (it needs https).');
  const mic = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } })
    .catch((e) => { throw micRefused(e); });
  const [track] = mic.getAudioTracks();
  track.enabled = false;
  const pc = connection(media);
  pc.addTransceiver(track, { direction: 'sendonly', streams: [mic] });
  let edge: EdgeSession;
  try {
    edge = await offer(pc, media.whip_url, media, 'take your microphone');
  } catch (e) {
    track.stop();
    throw e;
  }
  return {
    setLive(live: boolean) {
      track.enabled = live;
    },
    stop() {
      edge.stop();
      track.stop();
    },
  };
}

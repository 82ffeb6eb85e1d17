import { mediaToken, type MediaToken, type Session } from './api';

// A room's audio through the browser's own RTCPeerConnection (docs/media-protocol.md, "5. WebRTC (browsers)"):
// listening is a WHEP session with receive-only audio sections, one per loudest speaker the edge forwards;
// speaking is a second, WHIP session beside it ("Speaking in a room: two sessions"), no renegotiation.
const TRACKS = 3;

/** A playing WHEP session; `stop()` ends it at the edge (DELETE) and closes the connection. */
export interface Listening {
  stop(): void;
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

/** Starts playing the room; call it from a user gesture (a click), as browsers require for audio. */
export async function listen(session: Session, roomId: string): Promise<Listening> {
  const media = await mediaToken(session, roomId);
  const pc = connection(media);
  const players: HTMLAudioElement[] = [];
  for (let i = 0; i < TRACKS; i++) pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.ontrack = (e) => {
    const a = new Audio();
    a.srcObject = new MediaStream([e.track]);
    void a.play();
    players.push(a);
  };
  const edge = await offer(pc, media.whep_url, media, 'play this room');
  return {
    stop() {
      players.forEach((a) => a.pause());
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

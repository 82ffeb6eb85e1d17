import { mediaToken, type Session } from './api';

// Listening to a room through WHEP (docs/media-protocol.md, "Browser checklist"): the browser's own
// RTCPeerConnection with receive-only audio sections, one per loudest speaker the edge forwards.
const TRACKS = 3;

/** A playing WHEP session; `stop()` ends it at the edge (DELETE) and closes the connection. */
export interface Listening {
  stop(): void;
}

/** Starts playing the room; call it from a user gesture (a click), as browsers require for audio. */
export async function listen(session: Session, roomId: string): Promise<Listening> {
  const media = await mediaToken(session, roomId);
  const pc = new RTCPeerConnection({ iceServers: media.ice_servers ?? [], bundlePolicy: 'max-bundle' });
  const players: HTMLAudioElement[] = [];
  for (let i = 0; i < TRACKS; i++) pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.ontrack = (e) => {
    const a = new Audio();
    a.srcObject = new MediaStream([e.track]);
    void a.play();
    players.push(a);
  };
  await pc.setLocalDescription(await pc.createOffer());
  const r = await fetch(media.whep_url, {
    method: 'POST',
    body: pc.localDescription!.sdp,
    headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${media.token}` },
  });
  if (r.status !== 201) {
    pc.close();
    throw new Error(`The audio server refused to play this room (${r.status}: ${await r.text()}).`);
  }
  const location = new URL(r.headers.get('Location')!, media.whep_url).toString();
  await pc.setRemoteDescription({ type: 'answer', sdp: await r.text() });
  return {
    stop() {
      players.forEach((a) => a.pause());
      pc.close();
      void fetch(location, { method: 'DELETE', headers: { Authorization: `Bearer ${media.token}` } }).catch(() => {});
    },
  };
}

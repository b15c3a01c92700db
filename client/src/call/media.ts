import type { Socket } from 'socket.io-client';
import { CALL_EVENT, CALL_PING_MS, type ClientMessage, type DeviceState, type Participant, type ServerMessage } from '../../../shared/call-protocol';
import { Peer } from './peer';
import { lossBetween, linkQuality, sampleLink, testStats, worstQuality, type LinkSample, type NetworkQuality, type PeerStats } from './stats';

// The call's media: one RTCPeerConnection per other member (a mesh: four people at most), signalled
// through the server on the socket's `call` event (shared/call-protocol.ts). Only the call page loads it.

export type { NetworkQuality, PeerStats };
export type Modality = 'phone' | 'video';
export type Joined = Extract<ServerMessage, { type: 'joined' }>;
export type Measured = Extract<ServerMessage, { type: 'measured' }>;
export type CallError = Extract<ServerMessage, { type: 'error' }>;
export type Allowed = Extract<ServerMessage, { type: 'allowed' }>;
export type EndReason = Extract<ServerMessage, { type: 'ended' }>['reason'];

const QUALITY_EVERY_MS = 2_000;

export interface CallHandlers {
  /** The server took this page in (first join, or back after a drop when `resumed`). */
  joined(message: Joined): void;
  user(kind: 'add' | 'delete', participant: Participant): void;
  /** A member's media stream, or undefined once their connection is gone. */
  remote(memberId: string, stream: MediaStream | undefined): void;
  /** The members this browser has media connected with, each time that set changes. */
  media(memberIds: string[]): void;
  measured(message: Measured): void;
  error(message: CallError): void;
  ended(reason: EndReason): void;
  /** A member turned their microphone or camera off or on. */
  devices(memberId: string, state: DeviceState): void;
  /**
   * The call was lost ('lost'): a media link that worked is down, or the signalling socket dropped while
   * no link carries media; and back ('back') once every link that worked carries media again.
   */
  connection(state: 'lost' | 'back'): void;
  quality(quality: NetworkQuality | undefined): void;
  /** The local media could not be had once the session's modality was known. */
  localFailed(error: unknown): void;
}

export interface CallOptions {
  socket: Socket;
  requestId: string;
  /** The microphone (and camera for a video session), asked for once the server has told the session's modality. */
  localStream(modality: Modality): Promise<MediaStream>;
  on: Partial<CallHandlers>;
}

export interface Call {
  /** Sends `join` now, or as soon as the socket connects; after a drop, the call joins again by itself. */
  join(): void;
  setMicrophone(on: boolean): void;
  setCamera(on: boolean): void;
  /** Tells the others (`leave`), stops the microphone and camera, closes every connection. */
  hangUp(): void;
  /** The answer to "Le son était-il bon ?", after the call. */
  sendQuality(good: boolean): void;
  stats(): Promise<PeerStats[]>;
  /** Stops everything without telling the server (the call ended, or the page is going away). */
  close(): void;
}

/** What browser tests read on the call page: real getStats() figures, per remote member. */
declare global {
  interface Window {
    __call?: { stats(): Promise<PeerStats[]> };
  }
}

export function startCall(options: CallOptions): Call {
  return new MeshCall(options);
}

/**
 * Asks the server whether this page may join the session's call now, before any device opens: `answer`
 * gets `allowed` or the refusal `join` would get. Returns a function that stops waiting.
 */
export function askToJoin(socket: Socket, requestId: string, answer: (message: Allowed | CallError) => void): () => void {
  const listen = (message: ServerMessage) => {
    if (message.type !== 'allowed' && message.type !== 'error') return;
    stop();
    answer(message);
  };
  const stop = () => void socket.off(CALL_EVENT, listen);
  socket.on(CALL_EVENT, listen);
  socket.emit(CALL_EVENT, { type: 'check', requestId } satisfies ClientMessage);
  return stop;
}

class MeshCall implements Call {
  private readonly socket: Socket;
  private readonly on: Partial<CallHandlers>;
  private readonly peers = new Map<string, Peer>();
  private id: string | undefined;
  private config: RTCConfiguration = {};
  private local: MediaStream | undefined;
  /** Server messages are handled in order: `joined` waits for the local media before offers are routed. */
  private chain: Promise<void> = Promise.resolve();
  private wanted = false;
  private joinSent = false;
  private everJoined = false;
  /** Joined on the socket's current connection: messages other than `join` may go. */
  private inCall = false;
  private closed = false;
  private reported: string[] = [];
  private devices: DeviceState = { microphone: true, camera: true };
  /** The socket dropped during the call and the server has not taken the page back yet. */
  private signalLost = false;
  private lost = false;
  /** The members the server told of (`joined`, `user`), whose offers this page waits for or has had. */
  private announced = new Set<string>();
  private previousSamples = new Map<string, LinkSample>();
  private timers: ReturnType<typeof setInterval>[] = [];
  private readonly exposed = { stats: () => this.stats() };

  constructor(private readonly options: CallOptions) {
    this.socket = options.socket;
    this.on = options.on;
    this.socket.on(CALL_EVENT, this.onMessage);
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    window.__call = this.exposed;
  }

  join(): void {
    this.wanted = true;
    if (this.socket.connected) this.sendJoin();
  }

  setMicrophone(on: boolean): void {
    for (const track of this.local?.getAudioTracks() ?? []) track.enabled = on;
    this.sendDevices({ ...this.devices, microphone: on });
  }

  setCamera(on: boolean): void {
    for (const track of this.local?.getVideoTracks() ?? []) track.enabled = on;
    this.sendDevices({ ...this.devices, camera: on && (this.local?.getVideoTracks().length ?? 0) > 0 });
  }

  /** The others read this page's microphone and camera on its tile. */
  private sendDevices(devices: DeviceState): void {
    this.devices = devices;
    this.send({ type: 'devices', ...devices });
  }

  hangUp(): void {
    if (this.inCall) this.send({ type: 'leave' });
    this.close();
  }

  sendQuality(good: boolean): void {
    if (this.socket.connected) this.socket.emit(CALL_EVENT, { type: 'quality', good } satisfies ClientMessage);
  }

  async stats(): Promise<PeerStats[]> {
    const samples = await Promise.all([...this.peers.values()].map((peer) => sampleLink(peer.id, peer.pc)));
    return samples.map(testStats);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.wanted = false;
    this.inCall = false;
    for (const timer of this.timers) clearInterval(timer);
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    for (const track of this.local?.getTracks() ?? []) track.stop();
    this.socket.off(CALL_EVENT, this.onMessage);
    this.socket.off('connect', this.onConnect);
    this.socket.off('disconnect', this.onDisconnect);
    if (window.__call === this.exposed) delete window.__call;
  }

  private readonly onConnect = () => {
    if (this.wanted) this.sendJoin();
  };

  private readonly onDisconnect = () => {
    this.joinSent = false;
    if (!this.inCall) return;
    this.inCall = false;
    this.signalLost = true;
    this.followConnection();
  };

  /** Says 'lost' and 'back' as the call's actual state changes, whichever of the socket and the media links moved. */
  private followConnection(): void {
    const links = [...this.peers.values()];
    const linkDown = links.some((peer) => peer.everConnected && !peer.connected);
    const lost = linkDown || (this.signalLost && !links.some((peer) => peer.connected));
    if (lost === this.lost || this.closed) return;
    this.lost = lost;
    this.on.connection?.(lost ? 'lost' : 'back');
  }

  private readonly onMessage = (message: ServerMessage) => {
    if (this.closed) return;
    this.chain = this.chain.then(() => this.handle(message)).catch((error: unknown) => console.warn('call: message', message.type, error));
  };

  private sendJoin(): void {
    if (this.joinSent || this.closed) return;
    this.joinSent = true;
    this.socket.emit(CALL_EVENT, { type: 'join', requestId: this.options.requestId, ...(this.everJoined ? { resume: true } : {}) } satisfies ClientMessage);
  }

  /** Messages other than `join` go only while joined: an offer sent meanwhile is sent again once back (Peer). */
  private send(message: ClientMessage): void {
    if (this.inCall && this.socket.connected) this.socket.emit(CALL_EVENT, message);
  }

  private async handle(message: ServerMessage): Promise<void> {
    switch (message.type) {
      case 'joined':
        return this.onJoined(message);
      case 'user':
        return this.onUser(message.kind, message.participant);
      case 'offer':
      case 'answer':
      case 'ice': {
        let peer = this.peers.get(message.source);
        if (peer && message.type === 'offer' && peer.isFromAnotherPage(message.value)) {
          // A reloaded page's offer before the server's `user` `add`: the add that follows keeps this new connection.
          this.drop(message.source);
          peer = this.connect(message.source, false);
        }
        // A member who came after this page offers: its connection starts with that offer.
        if (!peer && message.type === 'offer' && this.inCall) peer = this.connect(message.source, this.announced.has(message.source));
        peer?.receive(message);
        return;
      }
      case 'measured':
        return this.on.measured?.(message);
      case 'devices':
        return this.on.devices?.(message.source, { microphone: message.microphone, camera: message.camera });
      case 'error':
        if (message.error === 'not_joined') {
          if (!this.inCall) return;
          // The server lost this page (it restarted): join again, as after a drop.
          this.inCall = false;
          this.joinSent = false;
          this.sendJoin();
        } else if (!this.inCall) this.joinSent = false;
        return this.on.error?.(message);
      case 'ended':
        this.close();
        return this.on.ended?.(message.reason);
    }
  }

  private async onJoined(message: Joined): Promise<void> {
    if (!this.local) {
      try {
        this.local = await this.options.localStream(message.modality);
      } catch (error) {
        this.on.localFailed?.(error);
        this.hangUpAfterJoin();
        return;
      }
    }
    if (this.closed) {
      // Hung up while the browser was asking for the camera.
      this.socket.emit(CALL_EVENT, { type: 'leave' } satisfies ClientMessage);
      for (const track of this.local.getTracks()) track.stop();
      return;
    }
    const resumed = message.resumed && this.everJoined;
    this.signalLost = false;
    this.id = message.id;
    this.config = { iceServers: message.iceServers, iceTransportPolicy: message.iceTransportPolicy };
    this.inCall = true;
    this.everJoined = true;
    const members = new Map(message.members.filter((m) => m.id !== message.id).map((m) => [m.id, m]));
    this.announced = new Set(members.keys());
    for (const id of [...this.peers.keys()]) {
      // Not resumed: the others were told this page left, and open new connections with it.
      if (!resumed || !members.has(id)) this.drop(id);
    }
    // The newcomer offers to everyone already there; they wait for its offer, so first negotiations do not collide.
    for (const id of members.keys()) {
      const peer = this.peers.get(id);
      if (peer) {
        peer.announced = true;
        peer.resume(this.config);
      } else this.connect(id, true);
    }
    this.on.joined?.(message);
    this.followConnection();
    // What the server keeps of this page's devices went with a new page; a page without a camera says so.
    const devices = { microphone: this.devices.microphone, camera: this.devices.camera && (message.modality === 'phone' || this.local.getVideoTracks().length > 0) };
    if (!devices.microphone || !devices.camera) this.sendDevices(devices);
    this.reportMedia(true);
    if (this.timers.length === 0) {
      this.timers.push(setInterval(() => this.send({ type: 'ping', peers: this.reported }), CALL_PING_MS));
      this.timers.push(setInterval(() => void this.sampleQuality(), QUALITY_EVERY_MS));
    }
  }

  private hangUpAfterJoin(): void {
    this.socket.emit(CALL_EVENT, { type: 'leave' } satisfies ClientMessage);
    this.close();
  }

  private onUser(kind: 'add' | 'delete', participant: Participant): void {
    if (participant.id === this.id) return;
    if (kind === 'delete') {
      this.announced.delete(participant.id);
      this.drop(participant.id);
    } else {
      const peer = this.peers.get(participant.id);
      if (peer && !peer.announced) peer.announced = true;
      // Already connected with this member: their page reloaded, and its new page offers afresh.
      else if (peer) this.drop(participant.id);
      this.announced.add(participant.id);
    }
    this.on.user?.(kind, participant);
  }

  private connect(memberId: string, announced: boolean): Peer {
    const peer: Peer = new Peer(memberId, this.id! < memberId, this.config, this.local!, announced, {
      send: (message) => this.send(message),
      stream: (stream) => {
        if (this.peers.get(memberId) === peer) this.on.remote?.(memberId, stream);
      },
      state: () => {
        this.reportMedia(false);
        this.followConnection();
      },
    });
    this.peers.set(memberId, peer);
    return peer;
  }

  private drop(memberId: string): void {
    const peer = this.peers.get(memberId);
    if (!peer) return;
    peer.close();
    this.peers.delete(memberId);
    this.previousSamples.delete(memberId);
    this.on.remote?.(memberId, undefined);
    this.reportMedia(false);
    this.followConnection();
  }

  /** `media` goes to the server each time the set of connected members changes, and again once back after a drop. */
  private reportMedia(force: boolean): void {
    const connected = [...this.peers.values()].filter((peer) => peer.connected).map((peer) => peer.id).sort();
    const changed = connected.join() !== this.reported.join();
    this.reported = connected;
    if (changed || force) this.send({ type: 'media', peers: connected });
    if (changed) this.on.media?.(connected);
  }

  private async sampleQuality(): Promise<void> {
    const connected = [...this.peers.values()].filter((peer) => peer.connected);
    const samples = await Promise.all(connected.map((peer) => sampleLink(peer.id, peer.pc).catch(() => undefined)));
    const qualities: NetworkQuality[] = [];
    for (const sample of samples) {
      if (!sample) continue;
      qualities.push(linkQuality(sample.roundTripTime, lossBetween(this.previousSamples.get(sample.peerId), sample)));
      this.previousSamples.set(sample.peerId, sample);
    }
    if (!this.closed) this.on.quality?.(worstQuality(qualities));
  }
}

import type { ClientMessage, IceCandidate, SessionDescription } from '../../../shared/call-protocol';

/** An ICE connection `disconnected` this long is restarted (a short blip often recovers by itself). */
const DISCONNECTED_RESTART_MS = 3_000;
/**
 * The polite side restarts ICE this much later than the other, and only if the other's restart has not
 * come: crossing restarts make the polite side roll back its offer, and in Chromium (156) two peer
 * connections of one page rolling back at once can stop gathering candidates for good.
 */
const POLITE_RESTART_DELAY_MS = 2_000;
/** An offer still unanswered after this long is sent again: the server drops messages to a page whose socket is down. */
const OFFER_RETRY_MS = 5_000;

type Signal = { type: 'offer' | 'answer'; value: SessionDescription } | { type: 'ice'; value: IceCandidate | null };

export interface PeerLinks {
  send(message: ClientMessage): void;
  /** The remote member's media arrived (a new stream object after a reconnection). */
  stream(stream: MediaStream): void;
  /** The peer connection's `connectionState` changed. */
  state(): void;
}

/**
 * The media with one remote member, negotiated as in the WebRTC samples' perfect negotiation: both sides
 * offer when they need to, and on a collision the polite side (the id that sorts first) yields.
 */
export class Peer {
  readonly pc: RTCPeerConnection;
  /** The server announced this member (`joined` or `user` `add`), as opposed to a peer opened by its offer. */
  announced: boolean;
  /** Media went through once: a link that is down now was lost, not still being set up. */
  everConnected = false;
  private makingOffer = false;
  private ignoreOffer = false;
  /** Candidates that came before the remote description: addIceCandidate would refuse them. */
  private early: IceCandidate[] = [];
  /** Signals are handled one at a time, in order, each after the previous one's awaits. */
  private queue: Promise<void> = Promise.resolve();
  private stream: MediaStream | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private offerTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly id: string, private readonly polite: boolean, config: RTCConfiguration, local: MediaStream, announced: boolean, private readonly links: PeerLinks) {
    this.announced = announced;
    const pc = new RTCPeerConnection(config);
    this.pc = pc;
    for (const track of local.getTracks()) pc.addTrack(track, local);
    pc.onnegotiationneeded = () => void this.offer();
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) links.send({ type: 'ice', dest: id, value: candidate.toJSON() as IceCandidate });
    };
    pc.ontrack = ({ track, streams }) => {
      const stream = streams[0] ?? this.stream ?? new MediaStream();
      if (!streams[0]) stream.addTrack(track);
      if (stream !== this.stream) {
        this.stream = stream;
        links.stream(stream);
      }
    };
    pc.oniceconnectionstatechange = () => this.watchIce();
    pc.onconnectionstatechange = () => {
      if (this.connected) this.everConnected = true;
      links.state();
    };
  }

  get connected(): boolean {
    return this.pc.connectionState === 'connected';
  }

  /**
   * Whether an offer comes from another page of the same member (it reloaded): its DTLS fingerprint is not
   * the one this connection knows. The server's `user` `add` says the same, maybe after the offer.
   */
  isFromAnotherPage(offer: SessionDescription): boolean {
    const known = fingerprint(this.pc.remoteDescription?.sdp);
    return known !== undefined && fingerprint(offer.sdp) !== known;
  }

  receive(signal: Signal): void {
    this.queue = this.queue.then(() => this.handle(signal)).catch((error: unknown) => console.warn(`call: signal from ${this.id}`, error));
  }

  /** After the page's socket came back: an offer the other side may never have had goes again, a broken link restarts ICE. */
  resume(config: RTCConfiguration): void {
    try {
      this.pc.setConfiguration(config);
    } catch (error) {
      console.warn('call: new ICE configuration refused', error);
    }
    if (this.pc.signalingState === 'have-local-offer') this.sendDescription();
    else if (!this.connected) this.restartIce(0);
  }

  close(): void {
    clearTimeout(this.restartTimer);
    clearTimeout(this.offerTimer);
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
  }

  private async offer(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendDescription();
    } catch (error) {
      console.warn(`call: offer to ${this.id}`, error);
    } finally {
      this.makingOffer = false;
    }
  }

  private sendDescription(): void {
    const description = this.pc.localDescription;
    if (!description || (description.type !== 'offer' && description.type !== 'answer')) return;
    this.links.send({ type: description.type, dest: this.id, value: { type: description.type, sdp: description.sdp } });
    clearTimeout(this.offerTimer);
    if (description.type === 'offer') {
      this.offerTimer = setTimeout(() => {
        if (this.pc.signalingState === 'have-local-offer') this.sendDescription();
      }, OFFER_RETRY_MS);
    }
  }

  private async handle(signal: Signal): Promise<void> {
    const { pc } = this;
    if (signal.type === 'ice') {
      if (!signal.value) return;
      if (!pc.remoteDescription) {
        this.early.push(signal.value);
        return;
      }
      try {
        await pc.addIceCandidate(signal.value);
      } catch (error) {
        // A candidate of an offer this side ignored is expected to fail.
        if (!this.ignoreOffer) throw error;
      }
      return;
    }
    const description = signal.value;
    const collision = description.type === 'offer' && (this.makingOffer || pc.signalingState !== 'stable');
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) return;
    await pc.setRemoteDescription(description as RTCSessionDescriptionInit);
    await this.addEarlyCandidates();
    if (description.type === 'offer') {
      await pc.setLocalDescription();
      this.sendDescription();
    }
  }

  private async addEarlyCandidates(): Promise<void> {
    const early = this.early;
    this.early = [];
    for (const candidate of early) {
      // One of an abandoned negotiation (other ICE credentials) fails alone; the others still count.
      await this.pc.addIceCandidate(candidate).catch(() => undefined);
    }
  }

  private watchIce(): void {
    const state = this.pc.iceConnectionState;
    clearTimeout(this.restartTimer);
    if (state === 'failed') this.restartIce(0);
    if (state === 'disconnected') this.restartIce(DISCONNECTED_RESTART_MS);
  }

  /** Restarts ICE after `delay` (more on the polite side) unless the link came back or a negotiation began meanwhile. */
  private restartIce(delay: number): void {
    const wait = delay + (this.polite ? POLITE_RESTART_DELAY_MS : 0);
    const broken = () => !this.connected && this.pc.iceConnectionState !== 'checking' && this.pc.signalingState === 'stable';
    clearTimeout(this.restartTimer);
    if (wait === 0) this.pc.restartIce();
    else this.restartTimer = setTimeout(() => broken() && this.pc.restartIce(), wait);
  }
}

const fingerprint = (sdp: string | undefined) => (sdp ? /^a=fingerprint:(.+)$/m.exec(sdp)?.[1]?.trim() : undefined);

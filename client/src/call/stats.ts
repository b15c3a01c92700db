/** What one peer connection's getStats() says, for the network hint and for browser tests. */
export interface PeerStats {
  peerId: string;
  inboundAudioBytes: number;
  inboundVideoBytes: number;
  /** The received audio's level (0 to 1), as the browser measures it. */
  audioLevel: number;
  /** `host`, `srflx`, `prflx` or `relay`: how this side of the selected candidate pair reaches the other. */
  localCandidateType: string | undefined;
  selectedPairId: string | undefined;
}

export interface LinkSample extends PeerStats {
  /** Seconds, from the selected candidate pair's STUN checks. */
  roundTripTime: number | undefined;
  packetsLost: number;
  packetsReceived: number;
}

export type NetworkQuality = 'bonne' | 'moyenne' | 'faible';

interface Entry {
  id: string;
  type: string;
  kind?: string;
  bytesReceived?: number;
  packetsLost?: number;
  packetsReceived?: number;
  audioLevel?: number;
  selectedCandidatePairId?: string;
  nominated?: boolean;
  selected?: boolean;
  state?: string;
  localCandidateId?: string;
  candidateType?: string;
  currentRoundTripTime?: number;
}

export async function sampleLink(peerId: string, pc: RTCPeerConnection): Promise<LinkSample> {
  const report = await pc.getStats();
  const byId = new Map<string, Entry>();
  report.forEach((entry: Entry) => byId.set(entry.id, entry));
  const entries = [...byId.values()];
  const sample: LinkSample = { peerId, inboundAudioBytes: 0, inboundVideoBytes: 0, audioLevel: 0, localCandidateType: undefined, selectedPairId: undefined, roundTripTime: undefined, packetsLost: 0, packetsReceived: 0 };
  for (const entry of entries) {
    if (entry.type === 'inbound-rtp') {
      if (entry.kind === 'audio') {
        sample.inboundAudioBytes += entry.bytesReceived ?? 0;
        sample.audioLevel = Math.max(sample.audioLevel, entry.audioLevel ?? 0);
      }
      if (entry.kind === 'video') sample.inboundVideoBytes += entry.bytesReceived ?? 0;
      sample.packetsLost += Math.max(0, entry.packetsLost ?? 0);
      sample.packetsReceived += entry.packetsReceived ?? 0;
    }
    if (entry.type === 'transport' && entry.selectedCandidatePairId) sample.selectedPairId = entry.selectedCandidatePairId;
  }
  // Browsers without the transport's selectedCandidatePairId mark the pair itself.
  sample.selectedPairId ??= entries.find((e) => e.type === 'candidate-pair' && (e.selected || (e.nominated && e.state === 'succeeded')))?.id;
  const pair = sample.selectedPairId ? byId.get(sample.selectedPairId) : undefined;
  if (pair) {
    sample.roundTripTime = pair.currentRoundTripTime;
    sample.localCandidateType = pair.localCandidateId ? byId.get(pair.localCandidateId)?.candidateType : undefined;
  }
  return sample;
}

export function testStats({ peerId, inboundAudioBytes, inboundVideoBytes, audioLevel, localCandidateType, selectedPairId }: LinkSample): PeerStats {
  return { peerId, inboundAudioBytes, inboundVideoBytes, audioLevel, localCandidateType, selectedPairId };
}

/**
 * One link's quality from its round trip (seconds) and the share of inbound packets lost since the last
 * sample: speech stays easy below 300 ms and 3 % loss, and breaks up past 600 ms or 10 %.
 */
export function linkQuality(roundTripTime: number | undefined, lossRatio: number): NetworkQuality {
  const rtt = roundTripTime ?? 0;
  if (rtt > 0.6 || lossRatio > 0.1) return 'faible';
  if (rtt > 0.3 || lossRatio > 0.03) return 'moyenne';
  return 'bonne';
}

const RANK: Record<NetworkQuality, number> = { bonne: 0, moyenne: 1, faible: 2 };

/** The call's hint is its worst link: the one a person hears breaking up. */
export function worstQuality(qualities: NetworkQuality[]): NetworkQuality | undefined {
  return qualities.reduce<NetworkQuality | undefined>((worst, q) => (worst === undefined || RANK[q] > RANK[worst] ? q : worst), undefined);
}

/** The share of packets lost between two samples of the same link (0 when nothing new arrived). */
export function lossBetween(previous: { packetsLost: number; packetsReceived: number } | undefined, current: { packetsLost: number; packetsReceived: number }): number {
  const lost = current.packetsLost - (previous?.packetsLost ?? 0);
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  return lost > 0 && lost + received > 0 ? lost / (lost + received) : 0;
}

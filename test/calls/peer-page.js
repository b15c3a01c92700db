// The page side of the call tests (served by test/calls/browser.ts): one RTCPeerConnection sending the
// fake microphone, signalled by the test itself through page.evaluate. Descriptions are exchanged
// complete (after gathering), so no candidate travels on its own.

const log = [];
let pc;

function gathered(connection) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 10000);
    connection.addEventListener('icecandidate', (event) => {
      if (!event.candidate) { clearTimeout(timer); resolve(); }
    });
  });
}

window.peer = {
  async open(config) {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    pc = new RTCPeerConnection(config);
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    pc.addEventListener('iceconnectionstatechange', () => log.push({ at: Date.now(), ice: pc.iceConnectionState }));
    pc.addEventListener('connectionstatechange', () => log.push({ at: Date.now(), connection: pc.connectionState }));
    pc.addEventListener('icecandidateerror', (event) => log.push({ at: Date.now(), candidateError: event.errorCode, url: event.url }));
    pc.addEventListener('track', (event) => {
      // Chromium decodes remote audio (and measures its level) only when something plays it.
      const audio = new Audio();
      audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      audio.play().catch((error) => log.push({ at: Date.now(), playError: String(error) }));
      document.body.append(audio);
    });
  },
  async offer(restart) {
    if (restart) pc.restartIce();
    const done = gathered(pc);
    await pc.setLocalDescription(await pc.createOffer());
    await done;
    return pc.localDescription.toJSON();
  },
  async answer(offer) {
    await pc.setRemoteDescription(offer);
    const done = gathered(pc);
    await pc.setLocalDescription(await pc.createAnswer());
    await done;
    return pc.localDescription.toJSON();
  },
  async accept(answer) {
    await pc.setRemoteDescription(answer);
  },
  async stats() {
    const report = await pc.getStats();
    const all = [...report.values()];
    const inbound = all.find((s) => s.type === 'inbound-rtp' && s.kind === 'audio');
    const outbound = all.find((s) => s.type === 'outbound-rtp' && s.kind === 'audio');
    const transport = all.find((s) => s.type === 'transport');
    const pair = transport?.selectedCandidatePairId ? report.get(transport.selectedCandidatePairId) : undefined;
    const local = pair ? report.get(pair.localCandidateId) : undefined;
    const remote = pair ? report.get(pair.remoteCandidateId) : undefined;
    return {
      at: Date.now(),
      bytesReceived: inbound?.bytesReceived ?? 0,
      packetsReceived: inbound?.packetsReceived ?? 0,
      audioLevel: inbound?.audioLevel ?? 0,
      totalAudioEnergy: inbound?.totalAudioEnergy ?? 0,
      bytesSent: outbound?.bytesSent ?? 0,
      pairId: pair?.id ?? null,
      local: local ? { id: local.id, type: local.candidateType, protocol: local.protocol, relayProtocol: local.relayProtocol ?? null, address: local.address, port: local.port } : null,
      remote: remote ? { id: remote.id, type: remote.candidateType, address: remote.address, port: remote.port } : null,
      iceConnectionState: pc.iceConnectionState,
      connectionState: pc.connectionState,
    };
  },
  log() {
    return log;
  },
  // One TURN allocation and nothing else: the candidates a relay-only connection gathers, and the errors.
  async allocate(config) {
    const probe = new RTCPeerConnection({ ...config, iceTransportPolicy: 'relay' });
    const candidates = [];
    const errors = [];
    probe.addEventListener('icecandidate', (event) => { if (event.candidate) candidates.push(event.candidate.toJSON().candidate); });
    probe.addEventListener('icecandidateerror', (event) => errors.push({ errorCode: event.errorCode, errorText: event.errorText, url: event.url }));
    probe.createDataChannel('probe');
    const done = gathered(probe);
    await probe.setLocalDescription(await probe.createOffer());
    await done;
    probe.close();
    return { candidates, errors };
  },
};

import { expect } from 'chai';
import { DEFAULT_DISPATCH_POLICY } from '../../server/booking/dispatch-policy';
import { notToOfferAgain, planWave, unfilledReasonOf, type WaveSituation } from '../../server/booking/wave-plan';

// The dispatch policy as a pure function: no database, no clock, no job.

const now = new Date('2026-06-16T08:00:00Z');
const inMinutes = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const candidates = (...ids: string[]) => ids.map((id) => ({ interpreterId: id, agencyId: id.startsWith('b') ? 'agency-b' : 'agency-a' }));
const situation = (changes: Partial<Omit<WaveSituation, 'request'>> & { request?: Partial<WaveSituation['request']> }): WaveSituation => ({
  wave: 1,
  ranked: candidates('a1', 'a2', 'a3', 'a4', 'b1'),
  offered: new Set(),
  reachable: new Set(),
  ...changes,
  request: { immediate: false, start: inMinutes(3 * 24 * 60), ...changes.request },
});
const plan = (changes: Parameters<typeof situation>[0], policy = DEFAULT_DISPATCH_POLICY) => planWave(situation(changes), policy, now);
const offer = (result: ReturnType<typeof planWave>) => {
  if (result.action !== 'offer') throw new Error(`expected an offer, got ${result.action}`);
  return result;
};

describe('Dispatch: planWave (pure)', () => {
  describe('booked requests', () => {
    it('a wave offers the best-ranked interpreters, waveSize at a time, until the start', () => {
      const result = offer(plan({}));
      expect(result.offerTo).to.deep.equal(['a1', 'a2', 'a3']);
      expect(result.expiresAt).to.deep.equal(inMinutes(3 * 24 * 60));
      expect(result.escalate).to.equal(false);
      expect(result.candidateAgencyIds).to.have.members(['agency-a', 'agency-b']);
    });

    it('the wave size comes from the policy', () => {
      expect(offer(plan({}, { ...DEFAULT_DISPATCH_POLICY, waveSize: 5 })).offerTo).to.have.length(5);
    });

    it('the next wave skips those already offered', () => {
      expect(offer(plan({ wave: 2, offered: new Set(['a1', 'a2', 'a3']) })).offerTo).to.deep.equal(['a4', 'b1']);
    });

    it('a reopened request skips the live offers, those who declined, let it lapse or withdrew, not those whose offer the platform closed', () => {
      const skip = notToOfferAgain([
        { interpreterId: 'a1', status: 'accepted' },
        { interpreterId: 'a2', status: 'withdrawn' },
        { interpreterId: 'a3', status: 'declined' },
        { interpreterId: 'a4', status: 'expired' },
        { interpreterId: 'b1', status: 'live' },
      ]);
      expect([...skip].sort()).to.deep.equal(['a1', 'a3', 'a4', 'b1']);
      expect(offer(plan({ wave: 4, offered: skip })).offerTo).to.deep.equal(['a2']);
    });

    it('the preferred interpreter alone is offered the first wave, and only the first', () => {
      expect(offer(plan({ request: { preferredInterpreterId: 'a4' } })).offerTo).to.deep.equal(['a4']);
      expect(offer(plan({ wave: 2, offered: new Set(['a4']), request: { preferredInterpreterId: 'a4' } })).offerTo).to.deep.equal(['a1', 'a2', 'a3']);
    });

    it('a preferred interpreter who cannot take it is passed over', () => {
      expect(offer(plan({ request: { preferredInterpreterId: 'z9' } })).offerTo).to.deep.equal(['a1', 'a2', 'a3']);
    });

    it('the next wave waits a thirtieth of the lead time, from 2 to 60 minutes, never past the start', () => {
      expect(offer(plan({ request: { start: inMinutes(3 * 24 * 60) } })).nextWaveAt).to.deep.equal(inMinutes(60));
      expect(offer(plan({ request: { start: inMinutes(300) } })).nextWaveAt).to.deep.equal(inMinutes(10));
      expect(offer(plan({ request: { start: inMinutes(30) } })).nextWaveAt).to.deep.equal(inMinutes(2));
      expect(offer(plan({ request: { start: inMinutes(1) } })).nextWaveAt).to.deep.equal(inMinutes(1));
    });

    it('every eligible interpreter offered but an offer still open: not escalated, the open offer may still be accepted', () => {
      const result = offer(plan({ wave: 3, offered: new Set(['a1', 'a2', 'a3', 'a4', 'b1']), pending: 1 }));
      expect(result.offerTo).to.deep.equal([]);
      expect(result.escalate).to.equal(false);
    });

    it('every eligible interpreter already offered: nothing more to offer, escalate, no further wave', () => {
      const result = offer(plan({ wave: 3, offered: new Set(['a1', 'a2', 'a3', 'a4', 'b1']) }));
      expect(result.offerTo).to.deep.equal([]);
      expect(result.escalate).to.equal(true);
      expect(result.nextWaveAt).to.equal(undefined);
    });

    it('the last interpreters offered get one more wave to answer before escalation', () => {
      const result = offer(plan({ wave: 2, offered: new Set(['a1', 'a2', 'a3']) }));
      expect(result.escalate).to.equal(false);
      expect(result.nextWaveAt).to.not.equal(undefined);
    });

    it('nobody eligible escalates at once', () => {
      const result = offer(plan({ ranked: [] }));
      expect(result).to.include({ escalate: true });
      expect(result.offerTo).to.deep.equal([]);
      expect(result.candidateAgencyIds).to.deep.equal([]);
    });

    it('a wave running after the start offers nothing: the deadline decides', () => {
      expect(plan({ request: { start: now } })).to.deep.equal({ action: 'skip' });
      expect(plan({ request: { start: inMinutes(-5) } })).to.deep.equal({ action: 'skip' });
    });
  });

  describe('"now" phone requests', () => {
    const immediate = { immediate: true, start: now };

    it('the first wave reaches everyone eligible and reachable at once, for nowWaveSeconds', () => {
      const result = offer(plan({ request: immediate, reachable: new Set(['a2', 'b1', 'x7']) }));
      expect(result.offerTo).to.deep.equal(['a2', 'b1']);
      expect(result.expiresAt).to.deep.equal(new Date(now.getTime() + 90_000));
      expect(result.nextWaveAt).to.deep.equal(result.expiresAt);
      expect(result.expireEarlierWaves).to.equal(true);
    });

    it('nobody reachable: the first wave widens at once', () => {
      const result = offer(plan({ request: immediate }));
      expect(result.offerTo).to.deep.equal([]);
      expect(result.nextWaveAt).to.deep.equal(now);
    });

    it('the second wave reaches everyone eligible not yet offered, reachable or not', () => {
      expect(offer(plan({ request: immediate, wave: 2, offered: new Set(['a2']) })).offerTo).to.deep.equal(['a1', 'a3', 'a4', 'b1']);
    });

    it('the third wave gives up', () => {
      expect(plan({ request: immediate, wave: 3 })).to.deep.equal({ action: 'giveUp' });
    });

    it('the wait comes from the policy', () => {
      const result = offer(plan({ request: immediate, reachable: new Set(['a1']) }, { ...DEFAULT_DISPATCH_POLICY, nowWaveSeconds: 30 }));
      expect(result.expiresAt).to.deep.equal(new Date(now.getTime() + 30_000));
    });
  });

  describe('why a request given up found nobody (unfilledReasonOf)', () => {
    it('withdrawn after a reopening; nobody eligible and never offered; too late while someone eligible was never offered; else nobody answered', () => {
      const ranked = candidates('a1', 'a2');
      expect(unfilledReasonOf({ reopened: true, offered: new Set(['a1']), ranked })).to.equal('withdrawn');
      expect(unfilledReasonOf({ reopened: false, offered: new Set(), ranked: [] })).to.equal('nobody_eligible');
      expect(unfilledReasonOf({ reopened: false, offered: new Set(['a1']), ranked })).to.equal('too_late');
      expect(unfilledReasonOf({ reopened: false, offered: new Set(['a1', 'a2']), ranked })).to.equal('nobody_answered');
      expect(unfilledReasonOf({ reopened: false, offered: new Set(['a1']), ranked: [] })).to.equal('nobody_answered');
    });
  });
});

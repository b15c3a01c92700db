import { expect } from 'chai';
import { isTogether, measuredSeconds, settle } from '../../server/calls/together';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 7, 9, 0, seconds));
const interpreter = (peers: string[] = []) => ({ id: 'ui', role: 'interpreter' as const, peers });
const requester = (peers: string[] = []) => ({ id: 'ur', role: 'requester' as const, peers });
const guest = (peers: string[] = []) => ({ id: 'gx', role: 'guest' as const, peers });

describe('The measured time of a call (pure)', () => {
  it('counts only when the interpreter and another member each report the other connected', () => {
    expect(isTogether([interpreter(['ur']), requester(['ui'])])).to.equal(true);
    expect(isTogether([interpreter(['ur']), requester([])]), 'one side only').to.equal(false);
    expect(isTogether([interpreter([]), requester(['ui'])]), 'the other side only').to.equal(false);
    expect(isTogether([requester(['gx']), guest(['ur'])]), 'without the interpreter').to.equal(false);
    expect(isTogether([interpreter(['gx']), requester(['ui']), guest(['ui'])]), 'the interpreter with the guest').to.equal(true);
  });

  it('opens a span when they become together and adds it when they part', () => {
    let m = settle({ togetherSince: null, measuredMs: 0 }, [interpreter(['ur']), requester(['ui'])], at(10));
    expect(m.togetherSince).to.deep.equal(at(10));
    expect(measuredSeconds(m, at(25))).to.equal(15);
    m = settle(m, [interpreter([]), requester(['ui'])], at(40));
    expect(m).to.deep.equal({ togetherSince: null, measuredMs: 30_000 });
    expect(measuredSeconds(m, at(59)), 'time apart is not counted').to.equal(30);
    m = settle(m, [interpreter(['ur']), requester(['ui'])], at(50));
    expect(measuredSeconds(m, at(55))).to.equal(35);
  });

  it('time alone in the call is never counted', () => {
    const m = settle({ togetherSince: null, measuredMs: 0 }, [interpreter(['ur'])], at(0));
    expect(measuredSeconds(m, at(59))).to.equal(0);
  });

  it('a span that ends at a last sign of life before its start (a late sweep) adds nothing negative', () => {
    const m = settle({ togetherSince: at(30), measuredMs: 5000 }, [], at(20));
    expect(m).to.deep.equal({ togetherSince: null, measuredMs: 5000 });
  });
});

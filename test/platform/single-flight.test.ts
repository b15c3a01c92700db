import { expect } from 'chai';
import { singleFlight, startNewFlights } from '../../server/platform/single-flight';

describe('Single flight for identical reads', () => {
  const slow = (calls: { n: number }, value: string) => () => new Promise<string>((resolve) => {
    calls.n += 1;
    const nth = calls.n;
    setTimeout(() => resolve(`${value}${nth}`), 30);
  });

  it('identical reads at the same moment share one computation; a later one computes again', async () => {
    const calls = { n: 0 };
    const answers = await Promise.all(Array.from({ length: 40 }, () => singleFlight('report', slow(calls, 'r'))));
    expect(calls.n).to.equal(1);
    expect(new Set(answers)).to.deep.equal(new Set(['r1']));
    expect(await singleFlight('report', slow(calls, 'r'))).to.equal('r2');
  });

  it('a read that starts after a write does not join a computation that started before it', async () => {
    const calls = { n: 0 };
    const before = singleFlight('budget', slow(calls, 'b'));
    startNewFlights();
    const after = singleFlight('budget', slow(calls, 'b'));
    expect(await Promise.all([before, after])).to.deep.equal(['b1', 'b2']);
  });

  it('different keys never share', async () => {
    const calls = { n: 0 };
    await Promise.all([singleFlight('a', slow(calls, 'x')), singleFlight('b', slow(calls, 'x'))]);
    expect(calls.n).to.equal(2);
  });
});

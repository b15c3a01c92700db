import { expect } from 'chai';
import { findCandidates } from '../../server/matching';
import type { InterpreterProfile, MatchingContext } from '../../server/matching/types';
import { context, profile, rankedIds, request } from './helpers';

const DEAR = 'agency-dear';
const CHEAP = 'agency-cheap';
const costs = () => new Map([[DEAR, 8000], [CHEAP, 4000]]);
/** A candidate with no advantage at all: busiest, dearest agency, no specialty, no history. */
const plain = (id: string, overrides: Partial<InterpreterProfile> = {}) => profile({ id, name: id, agencyId: DEAR, ...overrides });

describe('Matching: ranking', () => {
  const mentalHealth = request({ specialty: 'mental_health', preferredInterpreterId: 'preferred', patientRef: 'PR-1' });
  const pool = [
    plain('nothing'),
    plain('cheaper', { agencyId: CHEAP }),
    plain('less-busy'),
    plain('specialist', { specialties: ['mental_health'] }),
    plain('continuity'),
    plain('preferred'),
  ];
  const ctx = (): MatchingContext =>
    context({
      continuity: new Map([['continuity', 2]]),
      recentMinutes: new Map(pool.map((p) => [p.id, p.id === 'less-busy' ? 120 : 600])),
      agencyHourlyCents: costs(),
    });

  it('ranks preferred interpreter > continuity > specialty > fairness > agency cost', () => {
    expect(rankedIds(mentalHealth, pool, ctx())).to.deep.equal(['preferred', 'continuity', 'specialist', 'less-busy', 'cheaper', 'nothing']);
  });

  it('gives each candidate a score, best first', () => {
    const scores = findCandidates(mentalHealth, pool, ctx()).ranked.map((c) => c.score);
    expect(scores.every((s) => typeof s === 'number' && Number.isFinite(s))).to.equal(true);
    expect([...scores].sort((a, b) => b - a)).to.deep.equal(scores);
    expect(new Set(scores).size).to.equal(scores.length);
  });

  it('explains each rank in French', () => {
    const reasons = new Map(findCandidates(mentalHealth, pool, ctx()).ranked.map((c) => [c.interpreterId, c.reasons]));
    expect(reasons.get('preferred')).to.include('Même interprète que la séance précédente');
    expect(reasons.get('continuity')).to.include('A déjà suivi ce patient (2 séances)');
    expect(reasons.get('specialist')).to.include('Spécialité : santé mentale');
    expect(reasons.get('less-busy')).to.include('Moins sollicité·e ce mois-ci : 2 h');
    expect(reasons.get('cheaper')).to.include("Tarif d'agence le plus bas");
    expect(reasons.get('nothing')).to.deep.equal(['Sans la spécialité demandée (santé mentale)']);
  });

  it('says how much the least busy worked in hours and minutes: 2100 min is "35 h"', () => {
    const fewer = [plain('busy'), plain('quiet')];
    const worked = context({ recentMinutes: new Map([['busy', 4000], ['quiet', 2100]]) });
    const quiet = findCandidates(request(), fewer, worked).ranked.find((c) => c.interpreterId === 'quiet')!;
    expect(quiet.reasons).to.include('Moins sollicité·e ce mois-ci : 35 h');
    const odd = findCandidates(request(), fewer, context({ recentMinutes: new Map([['busy', 4000], ['quiet', 125]]) })).ranked.find((c) => c.interpreterId === 'quiet')!;
    expect(odd.reasons).to.include('Moins sollicité·e ce mois-ci : 2 h 05');
  });

  it('names the series\' first interpreter as such', () => {
    const series = request({ seriesId: 'series-1', preferredInterpreterId: 'preferred' });
    const [first] = findCandidates(series, [plain('other'), plain('preferred')], context()).ranked;
    expect(first!.interpreterId).to.equal('preferred');
    expect(first!.reasons).to.include('Interprète de la première séance de la série');
  });

  it('says "1 séance" in the singular', () => {
    const [first] = findCandidates(request(), [plain('a')], context({ continuity: new Map([['a', 1]]) })).ranked;
    expect(first!.reasons).to.include('A déjà suivi ce patient (1 séance)');
  });

  describe('each tier outweighs every tier below it', () => {
    it('the preferred interpreter ranks above one with every other advantage', () => {
      const req = request({ specialty: 'mental_health', preferredInterpreterId: 'preferred' });
      const ids = rankedIds(req, [plain('preferred'), plain('all-else', { agencyId: CHEAP, specialties: ['mental_health'] })], context({
        continuity: new Map([['all-else', 12]]),
        recentMinutes: new Map([['preferred', 3000]]),
        agencyHourlyCents: costs(),
      }));
      expect(ids).to.deep.equal(['preferred', 'all-else']);
    });

    it('one earlier session with the patient outweighs specialty, fairness and cost together', () => {
      const req = request({ specialty: 'mental_health' });
      const ids = rankedIds(req, [plain('all-else', { agencyId: CHEAP, specialties: ['mental_health'] }), plain('known')], context({
        continuity: new Map([['known', 1]]),
        recentMinutes: new Map([['known', 3000]]),
        agencyHourlyCents: costs(),
      }));
      expect(ids).to.deep.equal(['known', 'all-else']);
    });

    it('more sessions with the patient rank higher', () => {
      const ids = rankedIds(request(), [plain('once'), plain('thrice')], context({ continuity: new Map([['once', 1], ['thrice', 3]]) }));
      expect(ids).to.deep.equal(['thrice', 'once']);
    });

    it('the specialty outweighs fairness and cost together, and its absence does not make anyone ineligible', () => {
      const req = request({ specialty: 'perinatal' });
      const { ranked, ineligible } = findCandidates(req, [plain('all-else', { agencyId: CHEAP }), plain('specialist', { specialties: ['perinatal'] })], context({
        recentMinutes: new Map([['specialist', 3000]]),
        agencyHourlyCents: costs(),
      }));
      expect(ranked.map((c) => c.interpreterId)).to.deep.equal(['specialist', 'all-else']);
      expect(ineligible).to.deep.equal([]);
    });

    it('the less busy interpreter ranks above the cheaper but busier one', () => {
      const ids = rankedIds(request(), [plain('cheap-busy', { agencyId: CHEAP }), plain('dear-idle')], context({
        recentMinutes: new Map([['cheap-busy', 900], ['dear-idle', 0]]),
        agencyHourlyCents: costs(),
      }));
      expect(ids).to.deep.equal(['dear-idle', 'cheap-busy']);
    });
  });

  it('fewer recent minutes rank higher', () => {
    const ids = rankedIds(request(), [plain('busy'), plain('idle'), plain('some')], context({ recentMinutes: new Map([['busy', 900], ['idle', 0], ['some', 300]]) }));
    expect(ids).to.deep.equal(['idle', 'some', 'busy']);
  });

  it('a cheaper agency ranks higher, and an unknown agency cost sits in between (neutral)', () => {
    const ids = rankedIds(request(), [plain('dear'), plain('unknown', { agencyId: 'agency-unknown' }), plain('cheap', { agencyId: CHEAP })], context({ agencyHourlyCents: costs() }));
    expect(ids).to.deep.equal(['cheap', 'unknown', 'dear']);
  });

  it('breaks ties by interpreter id, whatever the input order', () => {
    const twins = ['i-c', 'i-a', 'i-b'].map((id) => plain(id));
    expect(rankedIds(request(), twins)).to.deep.equal(['i-a', 'i-b', 'i-c']);
    expect(rankedIds(request(), [...twins].reverse())).to.deep.equal(['i-a', 'i-b', 'i-c']);
  });

  it('carries the interpreter\'s name and agency', () => {
    const [first] = findCandidates(request(), [plain('i-1', { name: 'Amina', agencyId: CHEAP })], context()).ranked;
    expect(first).to.include({ interpreterId: 'i-1', name: 'Amina', agencyId: CHEAP });
  });
});

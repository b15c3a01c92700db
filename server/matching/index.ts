import { ineligibility, ineligibilityCodes, prepareRequest } from './eligibility';
import { rankCandidates } from './ranking';
import type { Ineligibility, InterpreterProfile, MatchingContext, RankedCandidate, RequestToMatch } from './types';

export { findConflict } from './conflicts';
export { AGENDA_CODES } from './eligibility';
export { WEIGHTS } from './ranking';

/** Who can take the request, best first, and why the others cannot. Pure: same input, same output. */
export function findCandidates(
  request: RequestToMatch,
  profiles: InterpreterProfile[],
  context: MatchingContext,
): { ranked: RankedCandidate[]; ineligible: Ineligibility[] } {
  const prepared = prepareRequest(request);
  const eligible: InterpreterProfile[] = [];
  const ineligible: Ineligibility[] = [];
  for (let i = 0; i < profiles.length; i += 1) {
    const profile = profiles[i]!;
    const failed = ineligibility(profile, prepared, context);
    if (failed === 0) eligible.push(profile);
    else ineligible.push({ interpreterId: profile.id, reasons: ineligibilityCodes(failed) });
  }
  return { ranked: rankCandidates(eligible, request, context), ineligible };
}

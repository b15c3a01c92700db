import { Router } from 'express';
import { correctionBody, regionsReportQuery } from '../../shared/schemas/billing';
import { assignBody, cancelBody, completeBody, coverageQuery, declineBody, disputeBody, feedbackBody, offerListQuery, problemBody, requestCreateBody, requestListQuery, resolveBody, similarQuery, withdrawBody } from '../../shared/schemas/booking';
import { accessQuery } from '../../shared/schemas/booking';
import type { PerMinuteThrottle } from '../auth/throttle';
import { badRequest } from '../platform/errors';
import { route } from '../platform/routing';
import { sendCsv } from '../platform/csv';
import { accessCsv, accessReport } from './access-report';
import { regionsReport } from './regions-report';
import { candidatesForDispatcher } from './candidates';
import { inviteCallGuest } from './call-sessions';
import { coverage } from './coverage';
import { similarRequests } from './similar';
import { exportRequest } from './export';
import { giveFeedback, reportProblem } from './feedback';
import { reconfirm } from './reconfirmation';
import { confirmSession, correctCompletion, disputeSession, resolveDispute } from './verification';
import { acceptOffer, assignByDispatcher, declineOffer, listOffers, withdrawFromRequest } from './offers';
import { cancellationQuote, cancelRequest, completeRequest, getRequest, listRequests, requestInterpreter } from './requests';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const EVERYONE = ['requester', 'interpreter', 'dispatcher', 'auditor', 'admin'] as const;

export function bookingRouter(throttle: PerMinuteThrottle, publicUrl: string): Router {
  const router = Router();
  const tag = 'booking';

  route(router, {
    method: 'post', path: '/api/requests', summary: 'Ask for an interpreter (optional Idempotency-Key header)', tag, access: ['requester'], body: requestCreateBody, status: 201,
    description: 'A valid request is never refused as a duplicate: ask GET /api/requests/similar before sending, and ask the person. '
      + 'The answer\'s `similar` lists the structure\'s requests like it found once it was written (same language and modality, '
      + 'overlapping time), so that of two sent at the same moment at least the later one names the other. The same Idempotency-Key '
      + 'for every try of one booking (a double click, a retry) books it once.',
  },
    async ({ req, res, actor, body }) => {
      await throttle.consume(actor.userId);
      const key = req.header('Idempotency-Key');
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw badRequest('Invalid Idempotency-Key header.', [{ field: 'Idempotency-Key', code: 'pattern', message: 'must be 1 to 200 visible ASCII characters' }]);
      }
      const { request, replayed } = await requestInterpreter(actor, body, key);
      if (replayed) res.setHeader('Idempotent-Replayed', 'true');
      return request;
    });
  route(router, { method: 'get', path: '/api/requests', summary: 'Requests visible to the caller, newest first', tag, access: EVERYONE, query: requestListQuery },
    ({ actor, query }) => listRequests(actor, query));
  route(router, { method: 'get', path: '/api/requests/coverage', summary: 'How many interpreters could take such a request (counts by modality, no names), before booking', tag, access: ['requester'], query: coverageQuery },
    ({ actor, query }) => coverage(actor, query));
  route(router, {
    method: 'get', path: '/api/requests/similar', summary: 'The structure’s open or assigned requests like one about to be sent (same language and modality, overlapping time; every session of a series)', tag, access: ['requester'], query: similarQuery,
    description: 'For the booking form to ask "Une demande semblable existe déjà : envoyer quand même ?" before POST /api/requests, which never refuses a duplicate. Errors: 422 as booking would (start in the past, a time the clocks skip).',
  }, ({ actor, query }) => similarRequests(actor, query));
  route(router, { method: 'get', path: '/api/requests/:id', summary: 'One request, with the interpreter and how to connect once assigned', tag, access: EVERYONE },
    ({ actor, params }) => getRequest(actor, params.id!));
  route(router, { method: 'get', path: '/api/requests/:id/export', summary: 'Everything stored about one request (subject access, audit); patient fields for its structure only', tag, access: ['requester', 'auditor', 'admin'] },
    ({ actor, params }) => exportRequest(actor, params.id!));
  route(router, { method: 'post', path: '/api/requests/:id/cancel', summary: 'Cancel (scope "following" for the rest of a series)', tag, access: ['requester'], body: cancelBody },
    ({ actor, params, body }) => cancelRequest(actor, params.id!, body));
  route(router, { method: 'get', path: '/api/requests/:id/cancellation-quote', summary: 'The fee a cancellation now would cost (0 when early), to show before confirming', tag, access: ['requester'] },
    ({ actor, params }) => cancellationQuote(actor, params.id!));
  route(router, { method: 'post', path: '/api/requests/:id/complete', summary: 'The assigned interpreter records minutes and outcome', tag, access: ['interpreter'], body: completeBody },
    ({ actor, params, body }) => completeRequest(actor, params.id!, body));
  route(router, { method: 'post', path: '/api/requests/:id/withdraw', summary: 'The assigned interpreter withdraws; the request is offered again (knowsPatient: they know the patient, never a late withdrawal, never offered that patient again)', tag, access: ['interpreter'], body: withdrawBody },
    ({ actor, params, body }) => withdrawFromRequest(actor, params.id!, body));
  route(router, { method: 'post', path: '/api/requests/:id/guests', summary: 'A link for one more participant of a phone or video session held in the platform (that session only, until it ends)', tag, access: ['requester'], status: 201 },
    ({ actor, params }) => inviteCallGuest(actor, params.id!, publicUrl));
  route(router, { method: 'get', path: '/api/requests/:id/candidates', summary: 'Ranked interpreters of the dispatcher’s agency, with reasons', tag, access: ['dispatcher'] },
    ({ actor, params }) => candidatesForDispatcher(actor, params.id!));
  route(router, { method: 'post', path: '/api/requests/:id/assign', summary: 'A dispatcher assigns an interpreter of their agency', tag, access: ['dispatcher'], body: assignBody },
    ({ actor, params, body }) => assignByDispatcher(actor, params.id!, body.interpreterId));

  route(router, { method: 'post', path: '/api/requests/:id/reconfirm', summary: 'The assigned interpreter reconfirms, the day before, that they will come', tag, access: ['interpreter'] },
    ({ actor, params }) => reconfirm(actor, params.id!));
  route(router, { method: 'post', path: '/api/requests/:id/confirm', summary: 'The structure confirms a completed session as recorded (within 7 days)', tag, access: ['requester'] },
    ({ actor, params }) => confirmSession(actor, params.id!));
  route(router, { method: 'post', path: '/api/requests/:id/dispute', summary: 'The structure disputes a completed session (within 7 days): its cost is reported as disputed until settled', tag, access: ['requester'], body: disputeBody },
    ({ actor, params, body }) => disputeSession(actor, params.id!, body));
  route(router, { method: 'post', path: '/api/requests/:id/resolve', summary: 'The agency’s dispatcher or an auditor settles a dispute: accept the figures, or correct them (reversal plus new ledger entry)', tag, access: ['dispatcher', 'auditor', 'admin'], body: resolveBody },
    ({ actor, params, body }) => resolveDispute(actor, params.id!, body));
  route(router, { method: 'post', path: '/api/requests/:id/correction', summary: 'Correct a completed session: reversal plus new usage in the ledger', tag, access: ['auditor', 'admin'], body: correctionBody },
    ({ actor, params, body }) => correctCompletion(actor, params.id!, body));
  route(router, { method: 'post', path: '/api/requests/:id/feedback', summary: 'The structure rates a confirmed session (1 to 5), and may ask never to be offered this interpreter again', tag, access: ['requester'], body: feedbackBody },
    ({ actor, params, body }) => giveFeedback(actor, params.id!, body));
  route(router, { method: 'post', path: '/api/requests/:id/problem', summary: 'The interpreter reports a problem with a session (patient absent, requester late, unsafe setting)', tag, access: ['interpreter'], body: problemBody },
    ({ actor, params, body }) => reportProblem(actor, params.id!, body));

  route(router, { method: 'get', path: '/api/offers', summary: 'The calling interpreter’s live offers, soonest to lapse first, a page at a time (limit, default 50; before: the last offer of the previous page)', tag, access: ['interpreter'], query: offerListQuery },
    ({ actor, query }) => listOffers(actor, query));
  route(router, { method: 'post', path: '/api/offers/:id/accept', summary: 'Accept an offer: 200, or 409 if someone was faster or you are busy', tag, access: ['interpreter'] },
    ({ actor, params }) => acceptOffer(actor, params.id!));
  route(router, { method: 'post', path: '/api/offers/:id/decline', summary: 'Decline an offer (knowsPatient: they know the patient; the request goes to others at once, and that patient of that structure is never offered to them again)', tag, access: ['interpreter'], body: declineBody },
    ({ actor, params, body }) => declineOffer(actor, params.id!, body));
  route(router, { method: 'get', path: '/api/reports/access', summary: 'Requests filled, unfilled (with reasons), cancelled before assignment and pending, with fill rate and time to assign, grouped by language, department, modality, structure type or month (format=csv); an auditor’s region, or the region named', tag, access: ['requester', 'auditor', 'national_auditor', 'admin'], query: accessQuery },
    async ({ actor, res, query }) => {
      const report = await accessReport(actor, query);
      if (query.format !== 'csv') return report;
      sendCsv(res, `access-${report.year}-${report.groupBy}.csv`, accessCsv(report, query.separator));
      return undefined;
    });
  route(router, { method: 'get', path: '/api/reports/regions', summary: 'Every region side by side: usage, budget against the envelope, unmet demand (national auditors)', tag, access: ['national_auditor', 'admin'], query: regionsReportQuery },
    ({ query }) => regionsReport(query.year));

  return router;
}

import type { SpecialtyCode } from './enums';

// Briefing and debriefing: the short exchange between the professional and the interpreter before and
// after the session, which the HAS reference on professional interpreting in health asks for (HAS,
// "Interprétariat linguistique dans le domaine de la santé", October 2017). They are part of the booked
// slot: the interpreter's agenda holds them, the call opens before the briefing, and they are billed.

/** Each exchange lasts 0 to 15 minutes (0: none). */
export const EXCHANGE_MAX_MINUTES = 15;
export const exchangeMinutes = { type: 'integer', minimum: 0, maximum: EXCHANGE_MAX_MINUTES } as const;

export interface Exchange {
  /** Minutes before the start, with the professional, without the patient. */
  briefingMinutes: number;
  /** Minutes after the end, with the professional, without the patient. */
  debriefingMinutes: number;
}

export const NO_EXCHANGE: Exchange = { briefingMinutes: 0, debriefingMinutes: 0 };

/**
 * What the booking form proposes for a specialty (the requester may change it): mental health and
 * psycho-trauma, the needs the HAS 2017 reference and the regional programmes (PRAPS) name first for
 * specialised interpreting, where the interpreter must know the therapeutic frame beforehand and may
 * need to put down what was heard afterwards. Other specialties propose none.
 */
export const PROPOSED_EXCHANGE: Partial<Record<SpecialtyCode, Exchange>> = {
  mental_health: { briefingMinutes: 10, debriefingMinutes: 10 },
  psycho_trauma: { briefingMinutes: 10, debriefingMinutes: 10 },
};

export const proposedExchange = (specialty: string | undefined): Exchange => PROPOSED_EXCHANGE[specialty as SpecialtyCode] ?? NO_EXCHANGE;

interface WithExchange {
  briefingMinutes?: number | null | undefined;
  debriefingMinutes?: number | null | undefined;
}

const MINUTE_MS = 60_000;

/**
 * The slot a session takes in the interpreter's agenda: [start − briefing, end + debriefing], in real
 * time (UTC instants: a daylight-saving change inside it changes nothing).
 */
export function bookedSlot(session: WithExchange & { start: Date; end: Date }): { start: Date; end: Date } {
  return {
    start: new Date(session.start.getTime() - (session.briefingMinutes ?? 0) * MINUTE_MS),
    end: new Date(session.end.getTime() + (session.debriefingMinutes ?? 0) * MINUTE_MS),
  };
}

/** The minutes of the booked slot: the session's duration and its exchanges. */
export const bookedMinutes = (session: WithExchange & { durationMinutes: number }) =>
  session.durationMinutes + (session.briefingMinutes ?? 0) + (session.debriefingMinutes ?? 0);

/** "Échange prévu : 10 min avant, 10 min après" (the interpreter's cards), or undefined when none is planned. */
export function exchangeSentence(session: WithExchange): string | undefined {
  const before = session.briefingMinutes ?? 0;
  const after = session.debriefingMinutes ?? 0;
  if (before === 0 && after === 0) return undefined;
  const parts = [before > 0 ? `${before} min avant` : undefined, after > 0 ? `${after} min après` : undefined].filter(Boolean);
  return `Échange prévu : ${parts.join(', ')}`;
}

/** A qualification as a profile holds it: days as YYYY-MM-DD, valid through `validUntil`. */
export interface HeldQualificationInput {
  code: string;
  obtainedOn: string;
  validUntil?: string | undefined;
}

/**
 * What the JSON schema cannot say about a profile's qualifications, checked by the server (400) and by the
 * forms before sending: a code held twice (`duplicate`), a validity ending before it was obtained
 * (`before_obtained`). Fields as the server names them (`qualifications.1.validUntil`); messages in English,
 * the forms word them in French by code.
 */
export function qualificationProblems(held: readonly HeldQualificationInput[]): Array<{ field: string; code: 'duplicate' | 'before_obtained'; message: string }> {
  return held.flatMap((q, i) => [
    ...(held.findIndex((other) => other.code === q.code) < i ? [{ field: `qualifications.${i}.code`, code: 'duplicate' as const, message: `"${q.code}" is held once: give its latest dates` }] : []),
    ...(q.validUntil && q.obtainedOn && q.validUntil < q.obtainedOn ? [{ field: `qualifications.${i}.validUntil`, code: 'before_obtained' as const, message: `valid until ${q.validUntil}, before it was obtained (${q.obtainedOn})` }] : []),
  ]);
}

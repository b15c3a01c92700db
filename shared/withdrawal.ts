// An interpreter who withdraws from a session less than 48 hours before it starts withdraws late: it is
// counted in their record and in reports. The server applies the rule (server/booking/offers.ts); the
// agenda tells it before the interpreter confirms.

export const LATE_WITHDRAWAL_HOURS = 48;
export const LATE_WITHDRAWAL_MINUTES = LATE_WITHDRAWAL_HOURS * 60;

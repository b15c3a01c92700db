import type { DatedException, WeeklySlot } from '../../shared/availability';
import type { AgencyDoc, StructureDoc, UserDoc } from './store';
import type { InterpreterView } from '../../shared/interpreter-view';
import { zoneOfStructure } from '../../shared/regions';

// The JSON shapes the API answers with: string ids, no secrets, no mongoose internals.

const id = (value: { toString(): string } | null | undefined) => (value ? value.toString() : undefined);

export function structureView(doc: StructureDoc) {
  return {
    id: doc._id.toString(),
    name: doc.name,
    type: doc.type,
    department: doc.department,
    region: doc.region ?? undefined,
    /** The zone its requests are booked and shown in, its region's ('Indian/Reunion' in 974). */
    timeZone: zoneOfStructure(doc),
    city: doc.city ?? undefined,
    finess: doc.finess ?? undefined,
    active: doc.active,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function agencyView(doc: AgencyDoc) {
  return {
    id: doc._id.toString(),
    name: doc.name,
    email: doc.email ?? undefined,
    phone: doc.phone ?? undefined,
    departments: doc.departments,
    active: doc.active,
    siret: doc.siret ?? undefined,
    vatId: doc.vatId ?? undefined,
    vatExemptionReason: doc.vatExemptionReason ?? undefined,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function userView(doc: UserDoc) {
  return {
    id: doc._id.toString(),
    email: doc.email,
    name: doc.name,
    role: doc.role,
    structureId: id(doc.structureId),
    agencyId: id(doc.agencyId),
    region: doc.region ?? undefined,
    active: doc.active,
    referent: doc.referent === true,
    phone: doc.phone ?? undefined,
    invitationPending: doc.invitationPending === true,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
export type UserView = ReturnType<typeof userView>;

/** The qualifications a profile holds, without the empty `validUntil` of those that never expire. */
export const heldQualifications = (profile: UserDoc['interpreter']): InterpreterView['qualifications'] =>
  (profile?.qualifications ?? []).map((q) => ({ code: q.code, obtainedOn: q.obtainedOn, ...(q.validUntil ? { validUntil: q.validUntil } : {}) }));

export function interpreterView(doc: UserDoc): Omit<InterpreterView, 'timeZone' | 'region'> {
  const profile = doc.interpreter;
  const user = userView(doc);
  return {
    ...user,
    createdAt: new Date(user.createdAt).toISOString(),
    updatedAt: new Date(user.updatedAt).toISOString(),
    gender: profile?.gender,
    languages: profile?.languages ?? [],
    specialties: profile?.specialties ?? [],
    modalities: profile?.modalities ?? [],
    departments: profile?.departments ?? [],
    travelBufferMinutes: profile?.travelBufferMinutes,
    baseCommune: profile?.baseCommune ?? undefined,
    // The stored sub-documents, typed as the schema that validated them.
    availability: (profile?.availability ?? []) as WeeklySlot[],
    exceptions: (profile?.exceptions ?? []) as DatedException[],
    qualifications: heldQualifications(profile),
    /** The interpreter's record: late withdrawals, and the requesters' ratings (average out of 5, null before the first). */
    record: {
      lateWithdrawals: profile?.lateWithdrawals ?? 0,
      ratings: profile?.ratingCount ?? 0,
      averageRating: profile?.ratingCount ? Math.round((profile.ratingSum! / profile.ratingCount) * 10) / 10 : null,
    },
    phone: profile?.phone ?? undefined,
    videoLink: profile?.videoLink ?? undefined,
  };
}

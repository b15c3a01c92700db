import type { AgencyDoc, StructureDoc, UserDoc } from './store';

// The JSON shapes the API answers with: string ids, no secrets, no mongoose internals.

const id = (value: { toString(): string } | null | undefined) => (value ? value.toString() : undefined);

export function structureView(doc: StructureDoc) {
  return {
    id: doc._id.toString(),
    name: doc.name,
    type: doc.type,
    department: doc.department,
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
    active: doc.active,
    referent: doc.referent === true,
    invitationPending: doc.invitationPending === true,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
export type UserView = ReturnType<typeof userView>;

export function interpreterView(doc: UserDoc) {
  const profile = doc.interpreter;
  return {
    ...userView(doc),
    gender: profile?.gender,
    languages: profile?.languages ?? [],
    specialties: profile?.specialties ?? [],
    modalities: profile?.modalities ?? [],
    departments: profile?.departments ?? [],
    travelBufferMinutes: profile?.travelBufferMinutes,
    availability: profile?.availability ?? [],
    exceptions: profile?.exceptions ?? [],
    phone: profile?.phone ?? undefined,
    videoLink: profile?.videoLink ?? undefined,
  };
}

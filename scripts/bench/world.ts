import { createHash, randomBytes } from 'node:crypto';
import { hashPassword } from '../../server/auth/passwords';
import { SessionModel } from '../../server/auth/store';
import { createAgency } from '../../server/directory/agencies';
import { createStructure } from '../../server/directory/structures';
import { createUser } from '../../server/directory/users';
import { UserModel } from '../../server/directory/store';

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));

/**
 * Many interpreters at once for measuring: written straight to the directory collection with one shared
 * password hash, and given sessions directly, since hashing 500 passwords would only measure scrypt.
 */
export async function manyInterpreters(count: number, language: string) {
  const agency = await createAgency({ name: `Agence bench ${randomBytes(2).toString('hex')}`, departments: ['69'] });
  const passwordHash = await hashPassword(randomBytes(12).toString('hex'));
  const tag = randomBytes(3).toString('hex');
  const docs = Array.from({ length: count }, (_, i) => ({
    email: `bench-${tag}-${i}@bench.test`,
    passwordHash,
    name: `Interprète ${i}`,
    role: 'interpreter',
    agencyId: agency.id,
    active: true,
    interpreter: {
      gender: i % 2 ? 'female' : 'male',
      languages: [language, 'fra'],
      specialties: ['general'],
      modalities: ['phone', 'video', 'onsite'],
      departments: ['69'],
      travelBufferMinutes: 30,
      availability: EVERY_DAY,
      exceptions: [],
      phone: '+33 6 00 00 00 00',
      videoLink: 'https://visio.test/room',
    },
  }));
  const inserted = await UserModel.insertMany(docs);
  const now = new Date();
  const people = inserted.map((doc) => ({ id: doc._id.toString(), token: randomBytes(32).toString('base64url') }));
  await SessionModel.insertMany(
    inserted.map((doc, i) => ({
      _id: createHash('sha256').update(people[i]!.token).digest('hex'),
      userId: doc._id,
      role: 'interpreter',
      name: doc.name,
      email: doc.email,
      agencyId: doc.agencyId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 12 * 3600_000),
    })),
  );
  return { agencyId: agency.id, interpreters: people };
}

export async function aRequester(base: string) {
  const structure = await createStructure({ name: `PASS bench ${randomBytes(3).toString('hex')}`, type: 'PASS', department: '69' });
  const password = randomBytes(12).toString('hex');
  const user = await createUser({ email: `bench-req-${randomBytes(3).toString('hex')}@bench.test`, password, name: 'Bench', role: 'requester', structureId: structure.id });
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password }) });
  return { structureId: structure.id, token: ((await res.json()) as { token: string }).token };
}

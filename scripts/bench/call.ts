import { chromium, type Page } from 'playwright-core';
import { createAgency } from '../../server/directory/agencies';
import { createInterpreter } from '../../server/directory/interpreters';
import { createStructure } from '../../server/directory/structures';
import { createUser } from '../../server/directory/users';
import { api, stats } from './harness';

// `npm run bench -- call`: from the requester's click on a "now" phone request to two-way audio with an
// interpreter whose offers page is open and who accepts at once, in Debian's Chromium with fake devices.
// The click is the booking form's own request (POST /api/requests from the page, with its CSRF header);
// two-way audio is each page's getStats() showing audio received, audible, from the other.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
const PASSWORD = 'bench-call-password-1';

async function logIn(page: Page, base: string, email: string) {
  await page.goto(base);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
}

/** True once the page receives audible audio from someone in its call. */
const hearing = (page: Page) => page.evaluate(async () => {
  const call = (window as unknown as { __call?: { stats(): Promise<Array<{ inboundAudioBytes: number; audioLevel: number }>> } }).__call;
  const peers = call ? await call.stats() : [];
  return peers.some((p) => p.inboundAudioBytes > 0 && p.audioLevel > 0);
});

export async function benchCall(base: string, runs = 20) {
  const structure = await createStructure({ name: `PASS bench appel ${Date.now()}`, type: 'PASS', department: '69' });
  const agency = await createAgency({ name: `Agence bench appel ${Date.now()}`, departments: ['69'] });
  const tag = Date.now().toString(36);
  const requester = await createUser({ email: `bench-call-req-${tag}@bench.test`, password: PASSWORD, name: 'Médecin bench', role: 'requester', structureId: structure.id });
  const interpreter = await createInterpreter({
    email: `bench-call-int-${tag}@bench.test`, password: PASSWORD, name: 'Interprète bench', agencyId: agency.id, gender: 'female',
    languages: ['ara'], specialties: ['general'], modalities: ['phone'], departments: ['69'], availability: EVERY_DAY,
  });
  const interpreterToken = ((await api(base, 'POST', '/api/auth/login', undefined, { email: interpreter.email, password: PASSWORD })).body as { token: string }).token;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  const samples: number[] = [];
  try {
    const contexts = await Promise.all([0, 1].map(() => browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' })));
    for (const context of contexts) await context.grantPermissions(['microphone', 'camera']);
    const [gp, interp] = await Promise.all(contexts.map((c) => c.newPage()));
    await logIn(gp!, base, requester.email);
    await logIn(interp!, base, interpreter.email);
    for (let run = 0; run < runs; run += 1) {
      await interp!.goto(`${base}/#/propositions`);
      await interp!.getByRole('heading', { name: 'Propositions' }).waitFor();
      await gp!.goto(`${base}/#/demandes`);
      await gp!.getByRole('heading', { name: 'Mes demandes' }).waitFor();
      const started = Date.now();
      const id = await gp!.evaluate(async () => {
        const csrf = /(?:^|;\s*)csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
        const res = await fetch('/api/requests', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) }, body: JSON.stringify({ language: 'ara', modality: 'phone', start: 'now', durationMinutes: 15 }) });
        return ((await res.json()) as { id: string }).id;
      });
      await interp!.locator(`[data-request-id="${id}"]`).getByRole('button', { name: 'Accepter' }).click({ timeout: 30_000 });
      await gp!.locator('.join-now').getByRole('link', { name: /^Rejoindre l[’']appel$/ }).click({ timeout: 30_000 });
      // One tap: the notice's link joins a "now" call by itself once the microphone answers (direct=1).
      for (;;) {
        if ((await hearing(gp!)) && (await hearing(interp!))) break;
        if (Date.now() - started > 60_000) throw new Error(`call ${run + 1}: no two-way audio within 60 s`);
        await gp!.waitForTimeout(50);
      }
      samples.push(Date.now() - started);
      for (const page of [gp!, interp!]) await page.getByRole('button', { name: 'Raccrocher' }).click();
      const done = await api(base, 'POST', `/api/requests/${id}/complete`, interpreterToken, { outcome: 'done' });
      if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(done.body)}`);
    }
  } finally {
    await browser.close();
  }
  return stats(samples);
}

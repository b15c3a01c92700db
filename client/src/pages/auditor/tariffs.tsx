import { DateTime } from 'luxon';
import { useEffect, useId, useState } from 'preact/hooks';
import { ApiError, get, post, query } from '../../api';
import { Alert, Button } from '../../components/ui';
import { euros, modalityLabel } from '../../format';
import { fromServer, type FieldErrors } from '../../validation';
import { eurosInput, parseEuros } from './data';

// The agencies' tariffs as 2025 tenders write them (issue 28): what applies now, and a new version from a
// date, per modality: the unit (1, 5, 15 or 30 min), the minimum, a first unit (a first hour billed
// whole), a flat travel fee and travel by distance (per km or by zone, with a travel-time rate), and the
// no-show shares. The server checks every figure; its refusals are shown at their field.

const MODALITIES = ['phone', 'video', 'onsite'] as const;
type Modality = (typeof MODALITIES)[number];
interface Travel { mode: 'perKm' | 'zones'; perKmCents?: number; zones?: Array<{ upToKm: number; cents: number }>; roundTrip: boolean; travelTimeCentsPerHour?: number; travelSpeedKmh?: number }
interface Rules { unitCents: number; unitMinutes: number; minimumMinutes: number; travelFeeCents: number; firstUnit?: { minutes: number; cents: number }; travel?: Travel }
interface Tariff {
  version: string;
  validFrom: string;
  region?: string;
  modalities: Record<Modality, Rules>;
  surcharges: { nightPercent: number; nightStart: string; nightEnd: string; sundayPercent: number; holidayPercent: number };
  cancellation: { freeBeforeMinutes: number; lateBilledPercent: number; noShowBilledPercent: number; noShowNotTravelledPercent?: number };
}
interface Listing { default: Tariff; agencies: Array<{ agencyId: string; versions: Tariff[] }> }

/** The form's text for each field, keyed as the body's paths ('modalities.onsite.unitCents'). */
type Texts = Record<string, string>;

const euroText = (cents: number | undefined) => (cents === undefined ? '' : eurosInput(cents));
const num = (n: number | undefined) => (n === undefined ? '' : String(n));

/** Today in Paris, 'YYYY-MM-DD': tariff versions are dated in Paris (server/billing/tariff.ts), from today at the earliest. */
const parisToday = () => DateTime.now().setZone('Europe/Paris').toISODate()!;
/** '2027-01-01' as people write it: "1 janvier 2027". */
const frenchDay = (iso: string) => DateTime.fromISO(iso).setLocale('fr').toFormat('d LLLL yyyy');
const hour = (hhmm: string) => `${Number(hhmm.slice(0, 2))}h${hhmm.slice(3) === '00' ? '' : hhmm.slice(3)}`;

/** The surcharges and the cancellation rules in words, which every modality shares. */
function sharedRulesInWords(t: Tariff): string {
  const s = t.surcharges;
  const c = t.cancellation;
  const noShow = c.noShowNotTravelledPercent !== undefined && c.noShowNotTravelledPercent !== c.noShowBilledPercent
    ? `patient absent ${c.noShowBilledPercent} % (${c.noShowNotTravelledPercent} % sans déplacement)` : `patient absent ${c.noShowBilledPercent} %`;
  return `Majorations : nuit (${hour(s.nightStart)}–${hour(s.nightEnd)}) +${s.nightPercent} %, dimanche +${s.sundayPercent} %, jour férié +${s.holidayPercent} %. `
    + `Annulation à moins de ${Math.round(c.freeBeforeMinutes / 60)} h facturée ${c.lateBilledPercent} %, ${noShow}.`;
}

function textsOf(t: Tariff): Texts {
  const texts: Texts = { validFrom: parisToday(), noShow: num(t.cancellation.noShowBilledPercent), noShowNotTravelled: num(t.cancellation.noShowNotTravelledPercent) };
  for (const m of MODALITIES) {
    const r = t.modalities[m];
    Object.assign(texts, {
      [`${m}.unitCents`]: euroText(r.unitCents), [`${m}.unitMinutes`]: num(r.unitMinutes), [`${m}.minimumMinutes`]: num(r.minimumMinutes), [`${m}.travelFeeCents`]: euroText(r.travelFeeCents),
      [`${m}.firstMinutes`]: num(r.firstUnit?.minutes), [`${m}.firstCents`]: euroText(r.firstUnit?.cents),
      [`${m}.travelMode`]: r.travel?.mode ?? '', [`${m}.perKmCents`]: euroText(r.travel?.perKmCents), [`${m}.roundTrip`]: r.travel?.roundTrip === false ? '' : 'on',
      [`${m}.zones`]: (r.travel?.zones ?? []).map((z) => `${z.upToKm} : ${eurosInput(z.cents)}`).join('\n'),
      [`${m}.timeCents`]: euroText(r.travel?.travelTimeCentsPerHour), [`${m}.speed`]: num(r.travel?.travelSpeedKmh),
    });
  }
  return texts;
}

/** The body POST /api/tariffs takes, or the fields the browser cannot read (the server checks the rest). */
function bodyOf(agencyId: string, base: Tariff, x: Texts): { body?: object; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const cents = (key: string, field: string, optional = false) => {
    if (optional && !x[key]?.trim()) return undefined;
    const value = parseEuros(x[key] ?? '');
    if (value === undefined) errors[field] = 'Montant illisible : par exemple 48 ou 0,45.';
    return value;
  };
  const int = (key: string, optional = false) => (optional && !x[key]?.trim() ? undefined : Number(x[key]));
  const modalities = {} as Record<Modality, Rules>;
  for (const m of MODALITIES) {
    const at = `modalities.${m}`;
    const rules: Rules = { unitCents: cents(`${m}.unitCents`, `${at}.unitCents`)!, unitMinutes: int(`${m}.unitMinutes`)!, minimumMinutes: int(`${m}.minimumMinutes`)!, travelFeeCents: cents(`${m}.travelFeeCents`, `${at}.travelFeeCents`)! };
    const firstMinutes = int(`${m}.firstMinutes`, true);
    if (firstMinutes !== undefined) rules.firstUnit = { minutes: firstMinutes, cents: cents(`${m}.firstCents`, `${at}.firstUnit.cents`)! };
    const mode = x[`${m}.travelMode`];
    if (mode === 'perKm' || mode === 'zones') {
      const travel: Travel = { mode, roundTrip: x[`${m}.roundTrip`] === 'on' };
      if (mode === 'perKm') travel.perKmCents = cents(`${m}.perKmCents`, `${at}.travel.perKmCents`);
      else {
        travel.zones = (x[`${m}.zones`] ?? '').split('\n').filter((line) => line.trim()).map((line) => {
          const [km, price] = line.split(':');
          const zoneCents = parseEuros(price ?? '');
          if (!km || zoneCents === undefined) errors[`${at}.travel.zones`] = 'Une zone par ligne : « jusqu’à km : prix », par exemple « 30 : 20 ».';
          return { upToKm: Number(km), cents: zoneCents ?? 0 };
        });
      }
      const time = cents(`${m}.timeCents`, `${at}.travel.travelTimeCentsPerHour`, true);
      if (time !== undefined) travel.travelTimeCentsPerHour = time;
      const speed = int(`${m}.speed`, true);
      if (speed !== undefined) travel.travelSpeedKmh = speed;
      rules.travel = travel;
    }
    modalities[m] = rules;
  }
  const notTravelled = int('noShowNotTravelled', true);
  const cancellation = { freeBeforeMinutes: base.cancellation.freeBeforeMinutes, lateBilledPercent: base.cancellation.lateBilledPercent, noShowBilledPercent: int('noShow')!, ...(notTravelled === undefined ? {} : { noShowNotTravelledPercent: notTravelled }) };
  if (Object.keys(errors).length > 0) return { errors };
  return { body: { agencyId, validFrom: x.validFrom, modalities, surcharges: base.surcharges, cancellation }, errors };
}

/** One modality's rules in words. */
export function rulesInWords(r: Rules): string {
  const unit = r.firstUnit ? `première unité de ${r.firstUnit.minutes} min à ${euros(r.firstUnit.cents)}, puis ${euros(r.unitCents)} par tranche de ${r.unitMinutes} min` : `${euros(r.unitCents)} par tranche de ${r.unitMinutes} min`;
  const travel = !r.travel ? '' : r.travel.mode === 'perKm' ? `, ${euros(r.travel.perKmCents ?? 0)} par km${r.travel.roundTrip ? ' aller-retour' : ''}` : `, zones ${(r.travel.zones ?? []).map((z) => `≤ ${z.upToKm} km : ${euros(z.cents)}`).join(' ; ')}`;
  const time = r.travel?.travelTimeCentsPerHour ? `, temps de trajet ${euros(r.travel.travelTimeCentsPerHour)} / h à ${r.travel.travelSpeedKmh ?? 60} km/h` : '';
  return `${unit}, minimum ${r.minimumMinutes} min${r.travelFeeCents ? `, forfait déplacement ${euros(r.travelFeeCents)}` : ''}${travel}${time}`;
}

export function TariffsSection() {
  const [listing, setListing] = useState<Listing>();
  const [agencies, setAgencies] = useState<Array<{ id: string; name: string }>>([]);
  const [agencyId, setAgencyId] = useState('');
  const [texts, setTexts] = useState<Texts>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string }>();
  const [busy, setBusy] = useState(false);
  const agencyField = useId();

  const load = async () => {
    const [tariffs, list] = await Promise.all([get<Listing>('/api/tariffs'), get<Array<{ id: string; name: string }>>(`/api/agencies${query({ active: 'true' })}`)]);
    setListing(tariffs);
    setAgencies(list);
  };
  useEffect(() => { void load().catch(() => setMessage({ kind: 'error', text: 'Les tarifs n’ont pas pu être chargés.' })); }, []);

  const versions = listing?.agencies.find((a) => a.agencyId === agencyId)?.versions ?? [];
  // In force today: the latest version from today or before; later ones are to come. A new version starts from the latest.
  const today = parisToday();
  const current = versions.filter((v) => v.validFrom <= today).at(-1) ?? listing?.default;
  const upcoming = versions.filter((v) => v.validFrom > today);
  const latest = versions.at(-1) ?? listing?.default;
  useEffect(() => { if (latest) setTexts(textsOf(latest)); setErrors({}); }, [agencyId, listing]);

  const field = (key: string, label: string, path: string, hint?: string) => (
    <label class={`field${errors[path] ? ' field--invalid' : ''}`}>
      {label}
      <input type="text" name={key} value={texts[key] ?? ''} onInput={(e) => setTexts({ ...texts, [key]: e.currentTarget.value })} aria-invalid={Boolean(errors[path])} />
      {hint && <span class="hint">{hint}</span>}
      {errors[path] && <span class="field-error">{errors[path]}</span>}
    </label>
  );

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!current || !agencyId) return;
    const { body, errors: found } = bodyOf(agencyId, current, texts);
    setErrors(found);
    if (!body) return;
    setBusy(true);
    try {
      await post('/api/tariffs', body);
      setMessage({ kind: 'success', text: `Nouvelle version enregistrée, applicable à partir du ${frenchDay(texts.validFrom ?? '')}.` });
      await load();
    } catch (error) {
      if (error instanceof ApiError) setErrors(fromServer(error.details));
      setMessage({ kind: 'error', text: error instanceof ApiError ? error.message : 'Erreur inattendue.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="ars-card" aria-labelledby="ars-tariffs-title">
      <h2 id="ars-tariffs-title">Grilles tarifaires</h2>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <div class="field">
        <label for={agencyField}>Agence</label>
        <select id={agencyField} value={agencyId} onChange={(e) => { setMessage(undefined); setAgencyId(e.currentTarget.value); }}>
          <option value="">Choisir une agence</option>
          {agencies.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
        </select>
      </div>
      {current && agencyId && (
        <>
          <p>En vigueur : {current.version === 'default-2022' ? 'tarif par défaut (2022)' : `version du ${frenchDay(current.validFrom)}`}</p>
          <ul data-testid="tariff-rules">{MODALITIES.map((m) => <li key={m}><strong>{modalityLabel(m)}</strong> : {rulesInWords(current.modalities[m])}</li>)}</ul>
          <p data-testid="tariff-shared-rules">{sharedRulesInWords(current)}</p>
          {upcoming.map((v) => (
            <div key={v.version} data-testid="tariff-upcoming">
              <p>À venir : version du {frenchDay(v.validFrom)}</p>
              <ul>{MODALITIES.map((m) => <li key={m}><strong>{modalityLabel(m)}</strong> : {rulesInWords(v.modalities[m])}</li>)}</ul>
            </div>
          ))}
          <form onSubmit={submit} noValidate class="ars-tariff-form">
            <h3>Nouvelle version</h3>
            {field('validFrom', 'Applicable à partir du (AAAA-MM-JJ)', 'validFrom', 'Aujourd’hui au plus tôt, heure de Paris')}
            {MODALITIES.map((m) => (
              <fieldset key={m}>
                <legend>{modalityLabel(m)}</legend>
                {field(`${m}.unitCents`, 'Prix d’une tranche (€)', `modalities.${m}.unitCents`)}
                {field(`${m}.unitMinutes`, 'Durée d’une tranche (min)', `modalities.${m}.unitMinutes`, '1, 5, 15 ou 30')}
                {field(`${m}.minimumMinutes`, 'Durée minimale facturée (min)', `modalities.${m}.minimumMinutes`)}
                {field(`${m}.firstMinutes`, 'Première unité indivisible (min)', `modalities.${m}.firstUnit.minutes`, 'Par exemple 60 pour une première heure ; vide : aucune')}
                {field(`${m}.firstCents`, 'Prix de la première unité (€)', `modalities.${m}.firstUnit.cents`)}
                {field(`${m}.travelFeeCents`, 'Forfait de déplacement (€)', `modalities.${m}.travelFeeCents`)}
                <label class="field">
                  Déplacement selon la distance
                  <select value={texts[`${m}.travelMode`] ?? ''} onChange={(e) => setTexts({ ...texts, [`${m}.travelMode`]: e.currentTarget.value })}>
                    <option value="">Non (forfait seul)</option>
                    <option value="perKm">Au kilomètre</option>
                    <option value="zones">Par zones</option>
                  </select>
                </label>
                {texts[`${m}.travelMode`] === 'perKm' && field(`${m}.perKmCents`, 'Prix du km (€)', `modalities.${m}.travel.perKmCents`)}
                {texts[`${m}.travelMode`] === 'zones' && (
                  <label class={`field${errors[`modalities.${m}.travel.zones`] ? ' field--invalid' : ''}`}>
                    Zones (une par ligne : jusqu’à km : prix en €)
                    <textarea rows={3} value={texts[`${m}.zones`] ?? ''} onInput={(e) => setTexts({ ...texts, [`${m}.zones`]: e.currentTarget.value })} />
                    {errors[`modalities.${m}.travel.zones`] && <span class="field-error">{errors[`modalities.${m}.travel.zones`]}</span>}
                  </label>
                )}
                {texts[`${m}.travelMode`] && (
                  <>
                    <label class="field-check"><input type="checkbox" checked={texts[`${m}.roundTrip`] === 'on'} onChange={(e) => setTexts({ ...texts, [`${m}.roundTrip`]: e.currentTarget.checked ? 'on' : '' })} /> Kilomètres aller-retour</label>
                    {field(`${m}.timeCents`, 'Temps de trajet (€ par heure)', `modalities.${m}.travel.travelTimeCentsPerHour`, 'Vide : non facturé')}
                    {field(`${m}.speed`, 'Vitesse moyenne (km/h)', `modalities.${m}.travel.travelSpeedKmh`, 'Vide : 60 km/h')}
                  </>
                )}
              </fieldset>
            ))}
            {field('noShow', 'Patient absent, l’interprète s’étant déplacé (% facturé, déplacement en entier)', 'cancellation.noShowBilledPercent')}
            {field('noShowNotTravelled', 'Patient absent sans déplacement (téléphone, visio) (%)', 'cancellation.noShowNotTravelledPercent', 'Vide : le même pourcentage')}
            <p class="hint">La distance est à vol d’oiseau entre la commune de base de l’interprète et celle de la structure. L’attente dans un appel n’est jamais facturée.</p>
            <Button type="submit" busy={busy}>Enregistrer la version</Button>
          </form>
        </>
      )}
    </section>
  );
}

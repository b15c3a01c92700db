import { simulationScenario } from 'virtual:validators';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { REGIONS, zoneLabel } from '../../../../shared/regions';
import { ApiError, get, post } from '../../api';
import { Alert, Button, Field } from '../../components/ui';
import { LanguagePicker } from '../../components/language-picker';
import { languagesInUse, type Language } from '../../languages';
import { useSession } from '../../session';
import { check, type FieldErrors } from '../../validation';
import { yearsWithHistory } from './data';
import { SimulationResults, type SimulationFigures } from './simulation-results';
import './auditor.css';

// "Simulation": the funder tries a decision before making it. A year of demand of the auditor's region
// is replayed on the server (POST /api/simulations, in a worker) with the levers chosen here, and charted
// against the same year without them. The region's world (GET /api/simulations/world) names the region,
// its departments and the agencies of its demo pool. A national auditor chooses the region first.

interface Run { id: string; status: 'running' | 'done' | 'failed'; progress: number; result?: SimulationFigures; baseline?: SimulationFigures; error?: string }

/** GET /api/simulations/world: the region replayed, its demo structures and interpreters, its pool's agencies. */
interface World {
  region: { code: string; name: string; timeZone: string; departments: { code: string; name: string }[] };
  structures: number;
  interpreters: number;
  agencies: { id: string; name: string }[];
}

const MODALITIES = [['phone', 'Téléphone'], ['video', 'Visio'], ['onsite', 'Sur place']] as const;

export function SimulationPage() {
  const formId = useId();
  const { user } = useSession();
  // An auditor's region is theirs (the server says which); a national auditor picks one, Auvergne-Rhône-Alpes first.
  const [region, setRegion] = useState(user.role === 'auditor' ? '' : '84');
  const [demand, setDemand] = useState('2');
  const [language, setLanguage] = useState<Language>();
  const [modalities, setModalities] = useState<string[]>(['onsite']);
  const [department, setDepartment] = useState('');
  const [world, setWorld] = useState<World>();
  const [count, setCount] = useState('0');
  const [agency, setAgency] = useState('');
  const [waveSize, setWaveSize] = useState('3');
  const [years, setYears] = useState<number[]>();
  const [year, setYear] = useState<string>('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [run, setRun] = useState<Run>();
  const [failure, setFailure] = useState<string>();
  const polling = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    // The languages people book: those the interpreters speak, as the simulated demand is drawn from them. Dari first.
    void languagesInUse().then((list) => setLanguage((chosen) => chosen ?? list.find((l) => l.code === 'prs') ?? list[0]), () => undefined);
    void yearsWithHistory().then((found) => {
      setYears(found);
      setYear(String(found[0]));
    });
    return () => clearTimeout(polling.current);
  }, []);

  useEffect(() => {
    let current = true;
    void get<World>(`/api/simulations/world${region ? `?region=${region}` : ''}`).then((found) => {
      if (!current) return;
      setWorld(found);
      setAgency('');
      // Isère (38) in Auvergne-Rhône-Alpes, the README's example of a lever (Dari on site); elsewhere the region's first department.
      setDepartment((found.region.departments.find((d) => d.code === '38') ?? found.region.departments[0])?.code ?? '');
    }, (error) => current && setFailure(error instanceof Error ? error.message : String(error)));
    return () => {
      current = false;
    };
  }, [region]);

  const poll = (id: string) => {
    polling.current = setTimeout(async () => {
      try {
        const next = await get<Run>(`/api/simulations/${id}`);
        setRun(next);
        if (next.status === 'running') poll(id);
      } catch (error) {
        setFailure(error instanceof Error ? error.message : String(error));
      }
    }, 500);
  };

  const start = async (event: Event) => {
    event.preventDefault();
    const added = Number(count) > 0 ? [{ language: language?.code ?? '', modalities, departments: modalities.includes('onsite') && department ? [department] : [], count: Number(count) }] : [];
    const body = { ...(world ? { region: world.region.code } : {}), year: Number(year), demand: Number(demand), add: added, removeAgency: agency ? [agency] : [], policy: { waveSize: Number(waveSize) } };
    const found = check(simulationScenario, body);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setFailure(undefined);
    try {
      const { id } = await post<{ id: string }>('/api/simulations', body);
      setRun({ id, status: 'running', progress: 0 });
      poll(id);
    } catch (error) {
      setFailure(error instanceof ApiError && error.status === 429 ? 'Une simulation est déjà en cours : réessayez dans une minute.' : error instanceof Error ? error.message : String(error));
    }
  };

  const toggle = (modality: string) => setModalities((list) => (list.includes(modality) ? list.filter((m) => m !== modality) : [...list, modality]));
  const running = run?.status === 'running';
  return (
    <div class="ars">
      <h1>Simulation de capacité</h1>
      <p class="hint" data-testid="simulation-year-hint">
        {years ? `La demande de ${year} est rejouée` : 'La demande d’une année est rejouée'}
        {world
          ? ` pour la région ${world.region.name} (ses ${world.structures} structures bénéficiaires, en ${zoneLabel(world.region.timeZone)}) contre ses ${world.interpreters} interprètes de démonstration,`
          : ' contre les interprètes de démonstration de la région,'}
        {' '}avec la même mise en relation et les mêmes vagues de propositions que la plateforme, puis comparée à la même année sans levier.
        Une simulation prend de 10 secondes à une minute.
      </p>
      <form id={formId} class="ars-card" onSubmit={start}>
        <h2>Leviers</h2>
        {user.role !== 'auditor' && (
          <Field label="Région simulée">
            {(f) => (
              <select id={f.id} aria-describedby={f.describedBy} value={region} onChange={(e) => { setWorld(undefined); setRegion(e.currentTarget.value); }}>
                {REGIONS.map((r) => <option key={r.code} value={r.code}>{r.name}</option>)}
              </select>
            )}
          </Field>
        )}
        <Field label="Année rejouée" hint="Celle du tableau de bord quand elle a de l’activité enregistrée.">
          {(f) => (
            <select id={f.id} aria-describedby={f.describedBy} value={year} disabled={!years} onChange={(e) => setYear(e.currentTarget.value)}>
              {(years ?? []).map((y) => <option key={y} value={String(y)}>{y}</option>)}
            </select>
          )}
        </Field>
        <Field label="Facteur de demande" error={errors.demand} hint="2 pour le doublement en quatre ans.">
          {(f) => (
            <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} type="number" min="0.05" max="3" step="0.05" value={demand} onInput={(e) => setDemand(e.currentTarget.value)} />
          )}
        </Field>
        <fieldset>
          <legend>Interprètes ajouté·es</legend>
          <Field label="Nombre" error={errors['add.0.count']}>
            {(f) => (
              <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} type="number" min="0" max="50" step="1" value={count} onInput={(e) => setCount(e.currentTarget.value)} />
            )}
          </Field>
          <Field label="Langue" error={errors['add.0.language']}>
            {(f) => (
              <LanguagePicker id={f.id} value={language} onChange={setLanguage} describedBy={f.describedBy} invalid={f.invalid} inUse />
            )}
          </Field>
          <fieldset>
            <legend>Modalités</legend>
            {MODALITIES.map(([value, label]) => (
              <label key={value} class="ars-check"><input type="checkbox" checked={modalities.includes(value)} onChange={() => toggle(value)} /> {label}</label>
            ))}
            {errors['add.0.modalities'] && <p class="field-error" role="alert">Choisissez au moins une modalité.</p>}
          </fieldset>
          <Field label="Département (sur place)">
            {(f) => (
              <select id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={department} onChange={(e) => setDepartment(e.currentTarget.value)}>
                {(world?.region.departments ?? []).map((d) => <option key={d.code} value={d.code}>{d.code} – {d.name}</option>)}
              </select>
            )}
          </Field>
        </fieldset>
        <Field label="Agence retirée">
          {(f) => (
            <select id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={agency} onChange={(e) => setAgency(e.currentTarget.value)}>
              <option value="">Aucune</option>
              {(world?.agencies ?? []).map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
            </select>
          )}
        </Field>
        <Field label="Interprètes par vague (demandes réservées)" error={errors['policy.waveSize']}>
          {(f) => (
            <input id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} type="number" min="1" max="20" step="1" value={waveSize} onInput={(e) => setWaveSize(e.currentTarget.value)} />
          )}
        </Field>
        <Button type="submit" variant="primary" busy={running} disabled={running || !years || !world}>Lancer la simulation</Button>
      </form>
      {failure && <Alert>{failure}</Alert>}
      {run && (
        <section class="ars-card" aria-labelledby={`${formId}-results`} aria-busy={running ? 'true' : undefined}>
          <h2 id={`${formId}-results`}>Résultats</h2>
          {running && (
            <p>
              <label>Simulation en cours <progress value={run.progress} max={1} data-testid="simulation-progress">{Math.round(run.progress * 100)} %</progress></label>
            </p>
          )}
          {run.status === 'failed' && <Alert>La simulation a échoué : {run.error}</Alert>}
          {run.status === 'done' && run.result && run.baseline && <SimulationResults baseline={run.baseline} scenario={run.result} />}
        </section>
      )}
    </div>
  );
}

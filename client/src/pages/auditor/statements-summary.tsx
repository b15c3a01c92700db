import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, query } from '../../api';
import { euros, percent } from '../../format';

// The year's agency statements against the envelope (GET /api/reports/statements): what the region has
// approved (due to the agencies), what awaits its decision, and what is still to come (months not sent
// yet or refused, the month under way).

interface StatementsYear {
  year: number;
  approvedCents: number;
  submittedCents: number;
  toComeCents: number;
}

async function loadYear(year: number): Promise<{ year: number; sums?: StatementsYear; failure?: string }> {
  try {
    return { year, sums: await get<StatementsYear>(`/api/reports/statements${query({ year })}`) };
  } catch (error) {
    return { year, failure: error instanceof ApiError ? error.message : 'Une erreur est survenue.' };
  }
}

export function StatementsSummarySection({ year, envelopeCents, refresh }: { year: number; envelopeCents: number | null | undefined; refresh: string | undefined }) {
  const [data, setData] = useState<Awaited<ReturnType<typeof loadYear>>>();
  useEffect(() => {
    let current = true;
    void loadYear(year).then((loaded) => current && setData(loaded));
    return () => {
      current = false;
    };
  }, [year, refresh]);
  const shown = data?.year === year ? data : undefined;
  const share = (cents: number) => (envelopeCents ? <dd class="hint">{percent(cents / envelopeCents)} de l’enveloppe</dd> : null);
  const sums = shown?.sums;
  const total = sums ? sums.approvedCents + sums.submittedCents + sums.toComeCents : 0;
  return (
    <section class="ars-card" aria-labelledby="ars-statements-title" data-testid="statements-summary" aria-busy={shown ? undefined : 'true'}>
      <h2 id="ars-statements-title">Relevés des agences {year}</h2>
      <p class="hint">Les montants à payer des relevés mensuels des agences, face à l’enveloppe. À venir : le coût de l’année qui n’est pas encore sur un relevé transmis (brouillons, relevés refusés, mois en cours, séances contestées mises de côté).</p>
      <p><a class="ars-link" href="#/releves">Voir les relevés des agences</a></p>
      {!shown ? (
        <p class="loading">Chargement des relevés {year}…</p>
      ) : !sums ? (
        <p>Les relevés n’ont pas pu être chargés : {shown.failure}</p>
      ) : (
        <>
          <dl class="ars-figures">
            <div><dt>Enveloppe</dt><dd>{envelopeCents ? euros(envelopeCents) : 'non fixée'}</dd></div>
            <div><dt>Approuvé</dt><dd data-testid="statements-approved">{euros(sums.approvedCents)}</dd>{share(sums.approvedCents)}</div>
            <div><dt>Transmis, à décider</dt><dd data-testid="statements-submitted">{euros(sums.submittedCents)}</dd>{share(sums.submittedCents)}</div>
            <div><dt>À venir (brouillons, refusés, mois en cours)</dt><dd data-testid="statements-to-come">{euros(sums.toComeCents)}</dd>{share(sums.toComeCents)}</div>
            {envelopeCents ? <div><dt>Reste sur l’enveloppe</dt><dd data-testid="statements-remaining" class={envelopeCents - total < 0 ? 'ars-over' : undefined}>{euros(envelopeCents - total)}</dd></div> : null}
          </dl>
        </>
      )}
    </section>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, patch } from '../../api';
import { AvailabilityEditor, AvailabilitySummary } from '../../components/availability/editor';
import { QualificationsForm, QualificationsSummary, useQualificationCatalogue } from '../../components/qualifications';
import { Alert, Empty } from '../../components/ui';
import { modalityLabel } from '../../format';
import { languageName, languageSearchText } from '../../languages';
import { useRoute } from '../../router';
import type { InterpreterView } from '../../types';
import { foldAccents } from '../../../../shared/fold';

const PATH = '/interpretes';
const languagesOf = (i: InterpreterView) => i.languages.map(languageName).join(', ');
/** The agency's view of the interpreter's record: the requesters' average rating and late withdrawals. */
const recordOf = ({ record }: InterpreterView) =>
  `${record.averageRating === null ? 'Pas encore noté·e' : `Note moyenne ${record.averageRating.toLocaleString('fr-FR')}/5 (${record.ratings} avis)`} · ${record.lateWithdrawals === 0 ? 'aucun désistement tardif' : `${record.lateWithdrawals} désistement${record.lateWithdrawals > 1 ? 's' : ''} tardif${record.lateWithdrawals > 1 ? 's' : ''}`}`;

/** "Interprètes": the agency's interpreters with their availability in brief; one opens in the same editor as theirs. */
export function AgencyInterpretersPage() {
  const { params } = useRoute();
  const selectedId = params.get('id') ?? undefined;
  const toQualifications = params.get('partie') === 'qualifications';
  const [interpreters, setInterpreters] = useState<InterpreterView[]>();
  const [failure, setFailure] = useState<string>();
  const [filter, setFilter] = useState('');
  const catalogue = useQualificationCatalogue();

  useEffect(() => {
    get<InterpreterView[]>('/api/interpreters').then(setInterpreters, (e: ApiError) => setFailure(e.message));
  }, []);
  // Opening an interpreter, or going back to the list, is a change of page: focus goes to its heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const qualificationsHeading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (!first.current) (toQualifications ? qualificationsHeading : heading).current?.focus();
    first.current = false;
  }, [selectedId, toQualifications]);
  const replace = (saved: InterpreterView) => setInterpreters((list) => list?.map((i) => (i.id === saved.id ? saved : i)));
  const selected = interpreters?.find((i) => i.id === selectedId);

  if (selectedId && interpreters) {
    return (
      <section aria-labelledby="interpreter-title" class="page">
        <p><a href={`#${PATH}`}>← Tous les interprètes</a></p>
        {!selected && <Alert>Cet·te interprète n’est pas de votre agence, ou n’existe plus.</Alert>}
        {selected && (
          <>
            <h1 id="interpreter-title" ref={heading} tabIndex={-1}>Disponibilités de {selected.name}</h1>
            <p class="muted">{languagesOf(selected)} · {selected.modalities.map(modalityLabel).join(', ')}</p>
            <AvailabilityEditor
              key={selected.id}
              profile={selected}
              save={(body) => patch<InterpreterView>(`/api/interpreters/${selected.id}/availability`, body)}
              onSaved={replace}
              submitLabel="Enregistrer"
            />
            <h2 id="qualifications-title" ref={qualificationsHeading} tabIndex={-1}>Qualifications de {selected.name}</h2>
            <QualificationsForm key={`q-${selected.id}`} interpreter={selected} catalogue={catalogue} onSaved={replace} />
          </>
        )}
      </section>
    );
  }

  const shown = (interpreters ?? []).filter((i) => !filter || foldAccents(`${i.name} ${i.languages.map(languageSearchText).join(' ')}`).includes(foldAccents(filter.trim())));
  return (
    <section aria-labelledby="interpreters-title" class="page">
      <h1 id="interpreters-title" ref={heading} tabIndex={-1}>Interprètes de l’agence</h1>
      {failure && <Alert>{failure}</Alert>}
      {!interpreters && !failure && <p role="status">Chargement…</p>}
      {interpreters && (
        <div class="field search">
          <label for="interpreter-filter">Rechercher par nom ou langue</label>
          <input id="interpreter-filter" type="search" value={filter} autocomplete="off" onInput={(e) => setFilter(e.currentTarget.value)} />
        </div>
      )}
      {interpreters && shown.length === 0 && <Empty>Aucun·e interprète ne correspond.</Empty>}
      <ul class="cards" aria-label="Interprètes">
        {shown.map((i) => (
          <li key={i.id} class="card" data-interpreter-id={i.id}>
            <div class="card-head">
              <h2>{i.name}</h2>
              {!i.active && <span class="badge badge--cancelled">Désactivé·e</span>}
            </div>
            <p>{languagesOf(i)} · {i.modalities.map(modalityLabel).join(', ')}</p>
            <p class="muted" data-testid="record">{recordOf(i)}</p>
            <QualificationsSummary held={i.qualifications} catalogue={catalogue} />
            <AvailabilitySummary profile={i} />
            <div class="actions">
              <a class="button button--secondary" href={`#${PATH}?id=${i.id}`}>
                Modifier les disponibilités<span class="visually-hidden"> de {i.name}</span>
              </a>
              <a class="button button--secondary" href={`#${PATH}?id=${i.id}&partie=qualifications`}>
                Modifier les qualifications<span class="visually-hidden"> de {i.name}</span>
              </a>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { type ApiError, get, patch } from '../../api';
import { AvailabilityEditor } from '../../components/availability/editor';
import { Alert } from '../../components/ui';
import type { InterpreterView } from '../../types';

/** "Mes disponibilités": the interpreter keeps their week, absences, area and contact details. */
export function MyAvailabilityPage() {
  const [profile, setProfile] = useState<InterpreterView>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    get<InterpreterView>('/api/interpreters/me').then(setProfile, (e: ApiError) => setFailure(e.message));
  }, []);
  return (
    <section aria-labelledby="availability-title" class="page">
      <h1 id="availability-title">Mes disponibilités</h1>
      <p class="muted">Les demandes vous sont proposées sur ces créneaux, dès l’enregistrement. Vos langues, spécialités et modalités sont tenues par votre agence : demandez-lui de les changer.</p>
      {failure && <Alert>{failure}</Alert>}
      {!profile && !failure && <p role="status">Chargement…</p>}
      {profile && <AvailabilityEditor profile={profile} save={(body) => patch<InterpreterView>('/api/interpreters/me', body)} submitLabel="Enregistrer mes disponibilités" forSelf />}
    </section>
  );
}

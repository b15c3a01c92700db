import { useEffect, useId, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { Alert, Button } from '../../components/ui';
import { disablePush, enablePush, pushSupported, syncPush, type PushState } from '../../push';

const STATUS: Record<PushState, string> = {
  on: 'Activé : les nouvelles demandes arrivent sur cet appareil, même page fermée, avec « Accepter ».',
  off: 'Désactivé sur cet appareil.',
  denied: 'Refusé par le navigateur : autorisez les notifications de ce site dans les réglages du navigateur, puis rechargez la page.',
  unsupported: 'Non pris en charge par ce navigateur, ou page non sécurisée (il faut une adresse en HTTPS).',
};

/** Offers on this device by Web Push: the state, and the button that turns it on or off. */
export function PushDevice() {
  const [state, setState] = useState<PushState>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const titleId = useId();
  const hintId = useId();

  useEffect(() => {
    syncPush().then(setState, () => setState(pushSupported() ? 'off' : 'unsupported'));
  }, []);

  const change = async (to: () => Promise<PushState>) => {
    setBusy(true);
    setError(undefined);
    try {
      setState(await to());
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'L’activation a échoué sur cet appareil (en navigation privée, le navigateur la refuse). Réessayez.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="push-device" aria-labelledby={titleId}>
      <h2 id={titleId}>Demandes sur cet appareil</h2>
      <p role="status" data-push-state={state}>{state ? STATUS[state] : 'Vérification…'}</p>
      {state === 'off' && (
        <>
          <p class="hint" id={hintId}>Une notification arrive même quand cette page est fermée ; le navigateur vous demandera l’autorisation.</p>
          <div class="actions">
            <Button onClick={() => change(enablePush)} busy={busy} aria-describedby={hintId}>Recevoir les demandes sur cet appareil</Button>
          </div>
        </>
      )}
      {state === 'on' && (
        <div class="actions">
          <Button variant="secondary" onClick={() => change(disablePush)} busy={busy}>Désactiver sur cet appareil</Button>
        </div>
      )}
      {error && <Alert>{error}</Alert>}
    </section>
  );
}

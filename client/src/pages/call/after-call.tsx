import { useEffect, useRef, useState } from 'preact/hooks';
import { Button } from '../../components/ui';
import type { EndReason } from '../../call/media';
import { ENDED_TEXTS } from './texts';

interface Props {
  ended: EndReason | undefined;
  /** The person's account role, or 'guest'. */
  role: string | undefined;
  onQuality: (good: boolean) => void;
  /** Back into the call after hanging up by mistake (not once the session ended). */
  onAgain: (() => void) | undefined;
}

/** After the call: one question about the sound, then the way back to where the session is followed. */
export function AfterCall({ ended, role, onQuality, onAgain }: Props) {
  const [answered, setAnswered] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // The call's buttons are gone: a keyboard or screen reader user continues from here.
  useEffect(() => heading.current?.focus(), []);
  const answer = (good: boolean) => {
    onQuality(good);
    setAnswered(true);
  };
  return (
    <section aria-labelledby="after-title" class="panel call-after">
      <h2 id="after-title" tabIndex={-1} ref={heading}>Appel terminé</h2>
      {ended && <p>{ENDED_TEXTS[ended]}</p>}
      {!answered ? (
        <div role="group" aria-labelledby="quality-question" class="call-quality">
          <p id="quality-question" class="call-question">Le son était-il bon ?</p>
          <div class="call-actions call-actions--answers">
            <Button variant="secondary" onClick={() => answer(true)}>Oui</Button>
            <Button variant="secondary" onClick={() => answer(false)}>Non</Button>
          </div>
        </div>
      ) : (
        <p role="status">Merci pour votre réponse.</p>
      )}
      <div class="call-actions">
        {role === 'requester' && <a class="button button--primary" href="#/demandes">Mes demandes</a>}
        {role === 'interpreter' && <a class="button button--primary" href="#/agenda">Mon agenda</a>}
        {onAgain && <Button variant="secondary" onClick={onAgain}>Revenir dans l’appel</Button>}
      </div>
      {role === 'interpreter' && <p class="hint">Enregistrez ensuite la séance depuis votre agenda.</p>}
      {role === 'guest' && <p class="hint">Vous pouvez fermer cette page.</p>}
    </section>
  );
}

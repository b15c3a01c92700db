import { Button } from '../../components/ui';
import { euros, percent } from '../../format';
import { COLOURS } from './charts';
import type { RegionSummary } from './data';

// The regional envelope: a half-circle gauge of consumed and committed against it, and the same in words.

const R = 80;
const CX = 100;
const CY = 100;
const ARC = `M ${CX - R} ${CY} A ${R} ${R} 0 0 1 ${CX + R} ${CY}`;

const clamp = (n: number) => Math.min(1, Math.max(0, n));

/** The point at `share` (0 to 1) of the arc, from the left end over the top, at radius `r`. */
function at(share: number, r: number): [number, number] {
  const angle = Math.PI * (1 - share);
  return [CX + r * Math.cos(angle), CY - r * Math.sin(angle)];
}

function Gauge({ region, envelope, year }: { region: RegionSummary; envelope: number; year: number }) {
  const consumed = clamp(region.consumedCents / envelope);
  const committed = clamp(region.committedCents / envelope) * (1 - consumed);
  const forecast = clamp(region.forecastCents / envelope);
  const used = region.consumedCents / envelope;
  const [x1, y1] = at(forecast, R - 15);
  const [x2, y2] = at(forecast, R + 15);
  const label = `Jauge de l’enveloppe ${year} : ${percent(used)} consommé (${euros(region.consumedCents)} sur ${euros(envelope)}), `
    + `${euros(region.committedCents)} engagé, prévision au 31 décembre ${euros(region.forecastCents)} soit ${percent(region.forecastCents / envelope)} de l’enveloppe.`;
  return (
    <svg class="ars-gauge" viewBox="0 0 200 112" role="img" aria-label={label}>
      <path d={ARC} pathLength={100} fill="none" stroke="#e4e7eb" stroke-width={22} />
      {consumed > 0 && <path d={ARC} pathLength={100} fill="none" stroke={COLOURS.consumed} stroke-width={22} stroke-dasharray={`${consumed * 100} 200`} />}
      {committed > 0 && (
        <path d={ARC} pathLength={100} fill="none" stroke={COLOURS.committed} stroke-width={22} stroke-dasharray={`${committed * 100} 200`} stroke-dashoffset={-consumed * 100} />
      )}
      <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="#111827" stroke-width={3} stroke-linecap="round" />
      <text x={CX} y={CY - 14} text-anchor="middle" class="ars-gauge-value">{percent(used)}</text>
      <text x={CX} y={CY + 6} text-anchor="middle" class="ars-gauge-caption">consommé</text>
    </svg>
  );
}

interface Props {
  year: number;
  region: RegionSummary | undefined;
  onEdit: () => void;
}

export function EnvelopeSection({ year, region, onEdit }: Props) {
  const envelope = region?.envelopeCents ?? null;
  return (
    <section class="ars-card" aria-labelledby="ars-envelope-title">
      <h2 id="ars-envelope-title">Enveloppe régionale {year}</h2>
      {!region ? (
        <p>L’enveloppe n’a pas pu être chargée.</p>
      ) : (
        <div class="ars-envelope">
          {envelope ? (
            <figure class="ars-gauge-figure">
              <Gauge region={region} envelope={envelope} year={year} />
              <figcaption>
                <span class="ars-swatch" style={{ background: COLOURS.consumed }} aria-hidden="true" /> Consommé{' '}
                <span class="ars-swatch" style={{ background: COLOURS.committed }} aria-hidden="true" /> Engagé{' '}
                <span class="ars-swatch ars-swatch--mark" aria-hidden="true" /> Prévision
              </figcaption>
            </figure>
          ) : (
            <p class="ars-notice">Aucune enveloppe n’est fixée pour {year} : fixez-la pour suivre la consommation régionale.</p>
          )}
          <div>
            <dl class="ars-figures">
              <div><dt>Enveloppe</dt><dd data-testid="envelope-amount">{envelope === null ? 'non fixée' : euros(envelope)}</dd></div>
              <div><dt>Consommé</dt><dd data-testid="envelope-consumed">{euros(region.consumedCents)}</dd></div>
              <div><dt>Engagé (séances à venir)</dt><dd data-testid="envelope-committed">{euros(region.committedCents)}</dd></div>
              <div><dt>Reste</dt><dd data-testid="envelope-remaining" class={region.remainingCents < 0 ? 'ars-over' : undefined}>{envelope === null ? '—' : euros(region.remainingCents)}</dd></div>
              <div><dt>Prévision de fin d’année</dt><dd data-testid="envelope-forecast">{euros(region.forecastCents)}</dd></div>
              <div><dt>Part consommée</dt><dd data-testid="envelope-percent">{region.consumedPercent === null ? '—' : percent(region.consumedPercent / 100)}</dd></div>
              <div><dt>Total alloué aux structures</dt><dd>{euros(region.allocatedCents)}</dd></div>
            </dl>
            {region.overEnvelope && <p class="ars-over">La consommation dépasse l’enveloppe.</p>}
            {!region.overEnvelope && envelope !== null && region.forecastCents > envelope && (
              <p class="ars-over">À ce rythme, l’enveloppe sera dépassée d’ici la fin de l’année.</p>
            )}
            {envelope !== null && region.allocatedCents > envelope && (
              <p class="ars-over">Les allocations ({euros(region.allocatedCents)}) dépassent l’enveloppe.</p>
            )}
            <Button variant="secondary" onClick={onEdit}>{envelope === null ? 'Fixer l’enveloppe' : 'Modifier l’enveloppe'}</Button>
          </div>
        </div>
      )}
    </section>
  );
}

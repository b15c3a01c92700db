import { Field } from '../../components/ui';
import type { FieldErrors } from '../../validation';

export const PASSWORD_HINT = 'Au moins 12 caractères, et pas un mot de passe courant : quelques mots sans rapport entre eux sont faciles à retenir et difficiles à deviner.';
export const MISMATCH = 'Les deux mots de passe ne sont pas identiques.';

interface Props {
  /** The body's field the new password goes in (`password`, `newPassword`): its errors show here. */
  field: string;
  value: string;
  confirmation: string;
  onValue: (value: string) => void;
  onConfirmation: (value: string) => void;
  errors: FieldErrors;
}

/** A new password typed twice, with the policy as a hint; the fields a password manager fills in. */
export function NewPasswordFields({ field, value, confirmation, onValue, onConfirmation, errors }: Props) {
  return (
    <>
      <Field label="Nouveau mot de passe" error={errors[field]} hint={PASSWORD_HINT}>
        {({ id, describedBy, invalid }) => (
          <input id={id} name={field} type="password" autoComplete="new-password" value={value} onInput={(e) => onValue(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required minLength={12} />
        )}
      </Field>
      <Field label="Confirmez le nouveau mot de passe" error={errors.confirmation}>
        {({ id, describedBy, invalid }) => (
          <input id={id} name="confirmation" type="password" autoComplete="new-password" value={confirmation} onInput={(e) => onConfirmation(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} required />
        )}
      </Field>
    </>
  );
}

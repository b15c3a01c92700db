import type { ValidateFunction } from 'ajv';
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { check, type FieldErrors } from '../validation';

/**
 * A form's submission: checked against the server's schema first (field errors, nothing sent), then
 * sent once at a time, with the server's refusal shown in French.
 */
export function useSubmit() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (schema: ValidateFunction, body: unknown, send: () => Promise<void>) => {
    const found = check(schema, body);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await send();
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : 'Erreur inattendue.');
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setErrors({});
    setFailure(undefined);
  };
  return { errors, failure, busy, submit, reset, setFailure };
}

import type { ValidateFunction } from 'ajv';
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { check, fromServer, type FieldErrors } from '../validation';

/**
 * A form's submission: checked against the server's schema first (field errors, nothing sent), then
 * sent once at a time, with the server's refusal shown in French.
 */
export function useSubmit() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  /** `alsoCheck` adds what the schema cannot see (two fields that must match); the server's 400 marks its fields. */
  const submit = async (schema: ValidateFunction, body: unknown, send: () => Promise<void>, alsoCheck?: (found: FieldErrors) => void) => {
    const found = check(schema, body);
    alsoCheck?.(found);
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await send();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) setErrors(fromServer(error.details));
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

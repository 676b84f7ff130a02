/** Applies an API error's field messages to a react-hook-form; returns whether any applied. */
export function applyFieldErrors<F extends string>(
  fieldErrors: Record<string, string>,
  fields: readonly F[],
  setError: (field: F, error: { type: string; message: string }) => void,
): boolean {
  let applied = false;
  for (const f of fields) {
    const message = fieldErrors[f];
    if (message) {
      setError(f, { type: 'server', message });
      applied = true;
    }
  }
  return applied;
}

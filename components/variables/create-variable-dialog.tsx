'use client';

/**
 * CONTRACT ONLY — implemented by the variables work. Opens a dialog asking for a project and a
 * name, and stores `value` as a SECRET variable.
 */
export function CreateVariableDialog(_props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  value: string;
  defaultName?: string;
  onCreated?: (variable: { id: string; name: string }) => void;
}) {
  return null;
}

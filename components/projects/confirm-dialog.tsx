'use client';

import { useState, type ReactNode } from 'react';
import { Dialog, DialogClose } from '@/components/ui/dialog';

/** Asks before a destructive action; shows the action's error inside the dialog. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      onOpenChange(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) setError(undefined);
        onOpenChange(o);
      }}
      title={title}
    >
      <div className="stack">
        <div>{children}</div>
        {error && (
          <div className="alert error" role="alert">
            {error}
          </div>
        )}
        <div className="row dialog-actions">
          <DialogClose asChild>
            <button type="button">Cancel</button>
          </DialogClose>
          <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

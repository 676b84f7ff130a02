'use client';

import { useState, type ReactNode } from 'react';
import { Dialog, DialogClose } from '@/components/ui/dialog';
import { apiFetch } from '@/lib/client/api';

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

/**
 * "Delete <noun> <name>?" for an object of a list: DELETE at `path/{id}`, then refresh the list's
 * queries. Closed while `item` is undefined.
 */
export function DeleteDialog({
  item,
  onClose,
  noun,
  path,
  onDeleted,
  children,
}: {
  item: { id: string; name: string } | undefined;
  onClose: () => void;
  noun: string;
  path: string;
  onDeleted: () => Promise<unknown>;
  children: ReactNode;
}) {
  return (
    <ConfirmDialog
      open={item !== undefined}
      onOpenChange={(o) => !o && onClose()}
      title={`Delete ${noun} ${item?.name ?? ''}?`}
      confirmLabel={`Delete ${noun}`}
      onConfirm={async () => {
        if (!item) return;
        await apiFetch(`${path}/${item.id}`, { method: 'DELETE' });
        await onDeleted();
      }}
    >
      {children}
    </ConfirmDialog>
  );
}

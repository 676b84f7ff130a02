'use client';

import { useEffect, useId, useState } from 'react';
import { formatDate } from '@/components/ui/format';

/** Shows a new refresh token once, with its expiry and a Copy button. */
export function TokenReveal({
  token,
  expiresAt,
  name,
}: {
  token: string;
  expiresAt: string;
  name: string;
}) {
  const fieldId = useId();
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (copy !== 'copied') return;
    const t = setTimeout(() => setCopy('idle'), 4000);
    return () => clearTimeout(t);
  }, [copy]);

  async function onCopy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopy('copied');
    } catch (err) {
      console.warn('clipboard write refused', err);
      setCopy('failed');
    }
  }

  return (
    <div className="stack">
      <div className="alert info" role="status">
        Copy <strong>{name}</strong> now: Slipway keeps only its hash and cannot show it again.
      </div>
      <label htmlFor={fieldId}>API token</label>
      <div className="row token-row">
        <input
          id={fieldId}
          className="mono grow"
          readOnly
          value={token}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="new-token"
        />
        <button type="button" onClick={() => void onCopy()}>
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <span className="sr-only" aria-live="polite">
        {copy === 'copied' ? 'Token copied to the clipboard' : ''}
      </span>
      {copy === 'failed' && (
        <p className="field-error" role="alert">
          The browser did not allow copying; select the token and copy it by hand.
        </p>
      )}
      <p className="muted no-margin">
        Expires <time dateTime={expiresAt}>{formatDate(expiresAt)}</time>. Exchange it for an access
        token with <code>POST /api/v1/login</code>.
      </p>
    </div>
  );
}

'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';

export function ChecklistBox(props: { itemId: string; done: boolean; automatic: boolean; label: string }) {
  const t = useTranslations('checklist');
  const [done, setDone] = useState(props.done);
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();
  async function toggle(next: boolean) {
    setDone(next);
    setError(null);
    const res = await fetch('/api/checklist', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ itemId: props.itemId, done: next }),
    });
    if (!res.ok) {
      setDone(!next);
      setError((await res.json().catch(() => ({}))).error ?? t('saveFailed'));
    } else router.refresh(); // the week's "n / m done" badge
  }
  return (
    <span>
      <input
        type="checkbox"
        aria-label={props.label}
        checked={done}
        disabled={props.automatic}
        title={props.automatic ? t('automatic') : undefined}
        onChange={(e) => toggle(e.target.checked)}
      />
      {error && <span className="field-error"> {error}</span>}
    </span>
  );
}

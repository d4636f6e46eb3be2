'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { usePostJson } from './use-post-json';

/** A button that POSTs to an instructor route, shows the outcome and refreshes the page's server data. */
export function InstructorActionButton(props: { url: string; label: string; confirm?: string; body?: unknown; /** message on success; {key} is replaced by that key of the JSON answer (functions cannot cross to a client component) */
  done?: string; secondary?: boolean; method?: 'POST' | 'DELETE' }) {
  const router = useRouter();
  const t = useTranslations('actionButton');
  const postJson = usePostJson();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function run() {
    if (props.confirm && !window.confirm(props.confirm)) return;
    setBusy(true);
    setMessage(null);
    const res =
      props.method === 'DELETE'
        ? await fetch(props.url, { method: 'DELETE' }).then(async (r) => ({ ok: r.ok, data: await r.json().catch(() => ({})) }), () => ({ ok: false, data: { error: t('unreachable') } }))
        : await postJson(props.url, props.body ?? {});
    setBusy(false);
    setMessage({ ok: res.ok, text: res.ok ? (props.done ?? t('done')).replace(/\{(\w+)\}/g, (_, k: string) => String(res.data?.[k] ?? '')) : res.data.error });
    if (res.ok) router.refresh();
  }
  return (
    <span>
      <button type="button" className={props.secondary ? 'secondary' : undefined} disabled={busy} onClick={run}>{busy ? t('working') : props.label}</button>
      {message && <span role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'bad'} style={{ marginLeft: '.5rem' }}>{message.text}</span>}
    </span>
  );
}

'use client';
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { usePostJson } from './use-post-json';
import { SETTINGS_LABELS } from '@/lib/instructor/settings-labels';

export interface SettingsFormValues {
  deadline: string | null;
  lateWindowHours: number;
  latePenaltyPercentPerDay: number;
  maxAttempts: number | null;
  cooldownMinutes: number;
  dailyCap: number | null;
  revealPrivate: boolean;
  visibleRunsPerHour: number;
  answersPerHour: number;
  uploadedWeightsBoard: 'apart' | 'hidden';
}

const num = (s: string) => (s.trim() === '' ? null : Number(s));

/** Deadline (typed in the course time zone), late rules and attempt limits of one exercise. */
export function InstructorSettingsForm({ exerciseId, timeZone, initial, showReveal, kind }: { exerciseId: string; timeZone: string; initial: SettingsFormValues; showReveal: boolean; kind?: string }) {
  const router = useRouter();
  const t = useTranslations('settingsForm');
  const postJson = usePostJson();
  // The labels the server's error sentences use too (lib/instructor/settings-labels.ts), in the page's language.
  const tAll = useTranslations();
  const label = (k: keyof typeof SETTINGS_LABELS) => tAll(SETTINGS_LABELS[k].key as Parameters<typeof tAll>[0]);
  const [v, setV] = useState(() => ({
    deadline: initial.deadline ?? '',
    lateWindowHours: String(initial.lateWindowHours),
    latePenaltyPercentPerDay: String(initial.latePenaltyPercentPerDay),
    maxAttempts: initial.maxAttempts == null ? '' : String(initial.maxAttempts),
    cooldownMinutes: String(initial.cooldownMinutes),
    dailyCap: initial.dailyCap == null ? '' : String(initial.dailyCap),
    revealPrivate: initial.revealPrivate,
    visibleRunsPerHour: String(initial.visibleRunsPerHour),
    answersPerHour: String(initial.answersPerHour),
    uploadedWeightsBoard: initial.uploadedWeightsBoard,
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setV({ ...v, [k]: e.target instanceof HTMLInputElement && e.target.type === 'checkbox' ? e.target.checked : e.target.value });

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setMessage(null);
    setErrors({});
    const res = await postJson(`/api/instructor/exercises/${exerciseId}/settings`, {
      deadline: v.deadline || null,
      lateWindowHours: num(v.lateWindowHours) ?? 0,
      latePenaltyPercentPerDay: num(v.latePenaltyPercentPerDay) ?? 0,
      maxAttempts: num(v.maxAttempts),
      cooldownMinutes: num(v.cooldownMinutes) ?? 0,
      dailyCap: num(v.dailyCap),
      revealPrivate: v.revealPrivate,
      visibleRunsPerHour: num(v.visibleRunsPerHour) ?? initial.visibleRunsPerHour,
      answersPerHour: num(v.answersPerHour) ?? initial.answersPerHour,
      uploadedWeightsBoard: v.uploadedWeightsBoard,
    });
    if (!res.ok) {
      setErrors(res.data.fieldErrors ?? {});
      setMessage({ ok: false, text: res.data.error });
      return;
    }
    setMessage({ ok: true, text: res.data.deadlineShown ? t('savedDue', { time: res.data.deadlineShown }) : t('savedNoDeadline') });
    router.refresh();
  }

  const field = (k: keyof typeof v, label: string, type: string, hint?: string) => (
    <div>
      <label htmlFor={`s-${k}`}>{label}</label>
      <input id={`s-${k}`} type={type} step="any" value={v[k] as string} onChange={set(k)} aria-invalid={!!errors[k]} aria-describedby={errors[k] ? `s-${k}-error` : undefined} />
      {hint && <div className="muted">{hint}</div>}
      {errors[k] && <div className="field-error" id={`s-${k}-error`}>{errors[k]}</div>}
    </div>
  );
  return (
    <form onSubmit={save} data-testid="settings-form">
      {field('deadline', t('deadlineIn', { timeZone }), 'datetime-local', t('deadlineHint'))}
      {field('lateWindowHours', label('lateWindowHours'), 'number', t('lateWindowHint'))}
      {field('latePenaltyPercentPerDay', label('latePenaltyPercentPerDay'), 'number')}
      {field('maxAttempts', label('maxAttempts'), 'number', t('unlimitedHint'))}
      {field('cooldownMinutes', label('cooldownMinutes'), 'number')}
      {field('dailyCap', label('dailyCap'), 'number', t('dailyCapHint'))}
      {/* Which kind-specific fields to show is a rendering choice, kept here; what differs per kind on the server is lib/exercises/kinds/. */}
      {kind === 'code' && field('visibleRunsPerHour', label('visibleRunsPerHour'), 'number', t('visibleRunsHint'))}
      {kind === 'numeric' && field('answersPerHour', label('answersPerHour'), 'number', t('answersHint'))}
      {kind === 'model' && (
        <div>
          <label htmlFor="s-uploadedWeightsBoard">{label('uploadedWeightsBoard')}</label>
          <select id="s-uploadedWeightsBoard" value={v.uploadedWeightsBoard} onChange={set('uploadedWeightsBoard')}>
            <option value="apart">{t('uploadedApart')}</option>
            <option value="hidden">{t('uploadedHidden')}</option>
          </select>
          <div className="muted">{t('uploadedHint')}</div>
        </div>
      )}
      {showReveal && (
        <label><input type="checkbox" checked={v.revealPrivate} onChange={set('revealPrivate')} /> {label('revealPrivate')}</label>
      )}
      {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'notice' : 'error'}>{message.text}</p>}
      <p><button type="submit">{t('save')}</button></p>
    </form>
  );
}

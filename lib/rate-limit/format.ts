import { msg, type Message } from '../i18n/message';

/** "14 minutes", "1 hour 5 minutes", "40 seconds": how long until a limit lifts. */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const min = Math.ceil(s / 60);
  if (min < 60) return `${min} minute${min === 1 ? '' : 's'}`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return `${h} hour${h === 1 ? '' : 's'}${m ? ` ${m} minute${m === 1 ? '' : 's'}` : ''}`;
}

/** formatWait() as a sentence of messages/*.json (apiErrors.wait), for the reader's language. */
export function waitText(seconds: number): Message {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return msg('apiErrors.wait.seconds', { n: s });
  const min = Math.ceil(s / 60);
  if (min < 60) return msg('apiErrors.wait.minutes', { n: min });
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m ? msg('apiErrors.wait.hoursMinutes', { h, m }) : msg('apiErrors.wait.hours', { h });
}

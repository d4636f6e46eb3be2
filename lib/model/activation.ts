import { ACTIVATIONS, type Activation } from './graph';
import { modelError } from './errors';
import type { Message } from '../i18n/message';

// Keras and students spell activations several ways; everything else (a
// serialized function, a custom name) is refused rather than guessed.
const ALIASES: Record<string, Activation> = {
  silu: 'swish',
  hardsigmoid: 'hard_sigmoid',
  hard_silu: 'swish',
  none: 'linear',
};

export function normalizeActivation(value: unknown): { ok: true; value: Activation } | { ok: false; reason: Message } {
  if (value === undefined || value === null) return { ok: true, value: 'linear' };
  if (typeof value !== 'string') {
    return { ok: false, reason: modelError('activationNotName') };
  }
  const key = value.trim().toLowerCase();
  if ((ACTIVATIONS as readonly string[]).includes(key)) return { ok: true, value: key as Activation };
  if (ALIASES[key]) return { ok: true, value: ALIASES[key] };
  return { ok: false, reason: modelError('activationUnknown', { value, allowed: ACTIVATIONS.join(', ') }) };
}

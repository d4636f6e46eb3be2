import { msg, type Message, type MessageValue } from '../i18n/message';

// Model problems are sentences of messages/*.json (modelErrors.*): the form and
// the API show them in the student's language, the worker and the CLI in
// English. Layer names, shapes and option values stay literal values.

export const modelError = (key: string, values?: Record<string, MessageValue>): Message => msg(`modelErrors.${key}`, values);

/** A config value as the student wrote it (JSON.stringify(undefined) is "undefined", as the messages always said). */
export const json = (v: unknown): string => String(JSON.stringify(v));

/** "a and b and c" in the reader's language (shapes that do not match). */
export const andList = (items: readonly string[]): MessageValue =>
  items.slice(1).reduce<MessageValue>((list, item) => modelError('andList', { list, item }), items[0] ?? '');

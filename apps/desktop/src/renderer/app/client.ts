import { CommandFailure, type ParleyClient } from '@parley/contract/client';
import { failureWords } from '../i18n/backend-texts';

let current: ParleyClient | null = null;

/** Set once at bootstrap (and by tests). */
export function setClient(client: ParleyClient | null): void {
  current = client;
}

export function getClient(): ParleyClient {
  if (!current) throw new Error('Parley client used before bootstrap');
  return current;
}

/** A failure as words for the user. */
export function errorText(error: unknown): string {
  if (error instanceof CommandFailure) return failureWords(error.error) || error.error.code;
  if (error instanceof Error) return error.message;
  return String(error);
}

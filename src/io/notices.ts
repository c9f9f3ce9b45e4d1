/** Sentences for stderr from the readers (an encoding guessed, characters taken out): the CLI prints them as notes. */
const noticeListeners = new Set<(text: string) => void>();

export function onNotice(listener: (text: string) => void): () => void {
  noticeListeners.add(listener);
  return () => noticeListeners.delete(listener);
}

export function notice(text: string): void {
  for (const listener of noticeListeners) listener(text);
}

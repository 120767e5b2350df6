import { DOCUMENT } from '@angular/common';
import { Injectable, computed, inject, signal } from '@angular/core';

export const LANGUAGES = ['en', 'ko'] as const;
export type Lang = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'workflow-mcp.lang';

function stored(): Lang | null {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return value === 'en' || value === 'ko' ? value : null;
  } catch {
    return null;
  }
}

/** The UI language: chosen in the toolbar, remembered in localStorage, Korean by default for Korean browsers. */
@Injectable({ providedIn: 'root' })
export class Language {
  private readonly document = inject(DOCUMENT);
  readonly current = signal<Lang>(stored() ?? (globalThis.navigator?.language?.toLowerCase().startsWith('ko') ? 'ko' : 'en'));
  /** BCP 47 locale for Intl formatting. */
  readonly locale = computed(() => (this.current() === 'ko' ? 'ko-KR' : 'en-GB'));

  // No effect() here: it would pull Angular's effect scheduler into the initial bundle.
  constructor() {
    this.document.documentElement.lang = this.current();
  }

  set(lang: Lang): void {
    this.current.set(lang);
    this.document.documentElement.lang = lang;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, lang);
    } catch {
      /* storage unavailable (private mode): the choice lasts for this page only */
    }
  }
}

type Params = Record<string, string | number>;

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * A translate function over a typed dictionary: the Korean one must have every key the English
 * one has (the compiler checks). Reading it in a template re-renders when the language changes.
 */
export function translator<K extends string>(dictionary: { en: Record<K, string>; ko: Record<K, string> }) {
  const language = inject(Language);
  return (key: K, params?: Params): string => fill(dictionary[language.current()][key] ?? key, params);
}

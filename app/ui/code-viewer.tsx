'use client';
import { useEffect, useRef } from 'react';
import { useTranslations } from 'next-intl';
import CodeMirror, { EditorView, type ReactCodeMirrorRef } from '@uiw/react-codemirror';
import { languageExtensions } from './code-languages';
import { GOTO_LINE_EVENT } from './goto-line';
import { editorA11y } from './code-editor-a11y';

/**
 * The submitted code, highlighted with line numbers, read-only. Traceback
 * links (and a #L12 address) select their line and scroll it into view.
 */
export function CodeViewer({ source, language }: { source: string; language: string }) {
  const t = useTranslations('viewer');
  const ref = useRef<ReactCodeMirrorRef>(null);
  useEffect(() => {
    const show = (line: number) => {
      const view = ref.current?.view;
      if (!view || !(line >= 1 && line <= view.state.doc.lines)) return;
      const l = view.state.doc.line(line);
      view.dispatch({ selection: { anchor: l.from, head: l.to }, effects: EditorView.scrollIntoView(l.from, { y: 'center' }) });
      view.focus();
      ref.current?.editor?.scrollIntoView({ block: 'nearest' });
    };
    const onEvent = (e: Event) => show(Number((e as CustomEvent).detail));
    const onHash = () => {
      const m = /^#L(\d+)$/.exec(window.location.hash);
      if (m) show(Number(m[1]));
    };
    window.addEventListener(GOTO_LINE_EVENT, onEvent);
    window.addEventListener('hashchange', onHash);
    const first = setTimeout(onHash, 0); // an address that already names a line
    return () => {
      window.removeEventListener(GOTO_LINE_EVENT, onEvent);
      window.removeEventListener('hashchange', onHash);
      clearTimeout(first);
    };
  }, []);
  return (
    <div className="code-frame" data-testid="submitted-code" style={{ border: '1px solid var(--line)', borderRadius: 6 }}>
      <CodeMirror ref={ref} value={source} editable={false} readOnly maxHeight="480px" extensions={[...languageExtensions(language), editorA11y(t('code'))]} />
    </div>
  );
}

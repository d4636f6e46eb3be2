import { EditorView } from '@uiw/react-codemirror';

/**
 * What CodeMirror leaves out for assistive technology: a name for its text box
 * (it is a contenteditable, not a <textarea> with a <label>) and an explicit
 * tab stop, so its scrolling area counts as reachable by keyboard.
 * Escape, then Tab, leaves the editor (CodeMirror keeps Tab for indenting).
 */
export function editorA11y(label: string) {
  return EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' });
}

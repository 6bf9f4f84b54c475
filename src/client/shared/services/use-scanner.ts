// Keyboard-wedge scanners: a scan lands in the cart whatever has focus. The
// first characters of a burst reach the focused input before we can know it
// is a scan; when Enter confirms it, the input gets its earlier value back,
// so typed search is never eaten and never polluted.
import { useEffect, useRef } from 'react';
import { ScanDetector, type ScanRules } from '../../../domain/scan-detector.ts';

type TextInput = HTMLInputElement | HTMLTextAreaElement;

function isTextInput(el: Element | null): el is TextInput {
  return el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(el.type));
}

/** Sets a value the way a user would, so React's onChange sees it. */
function restoreValue(el: TextInput, value: string): void {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

export function useBarcodeScanner(rules: ScanRules, onScan: (code: string) => void): void {
  const onScanRef = useRef(onScan);
  useEffect(() => {
    onScanRef.current = onScan;
  }, [onScan]);

  const { maxGapMs, minLength } = rules;
  useEffect(() => {
    const detector = new ScanDetector({ maxGapMs, minLength });
    // The focused input as it was before each key of the burst in progress,
    // oldest first: a scan is the burst's end (its start may be someone's
    // typing), and the input goes back to how it was before the scan's first key.
    let before: { el: TextInput | null; value: string }[] = [];
    const onKey = (e: KeyboardEvent) => {
      // Digits typed into a PIN pad are a secret, never a barcode: a fast
      // typist's PIN must not land on screen as "unknown code 1357".
      const inPinPad = e.target instanceof Element && e.target.closest('[data-scan-ignore]') !== null;
      if (inPinPad || e.ctrlKey || e.altKey || e.metaKey || e.isComposing) {
        detector.reset();
        before = [];
        return;
      }
      // A scanner types into one place: keys that began in the search box and
      // go on in a quantity box are a person moving between fields, not a burst.
      const focused = document.activeElement;
      const here = isTextInput(focused) ? focused : null;
      const last = before.at(-1);
      if (last && last.el !== here) {
        detector.reset();
        before = [];
      }
      const result = detector.key(e.key, e.timeStamp || performance.now());
      if (e.key.length === 1) before.push(here ? { el: here, value: here.value } : { el: null, value: '' });
      if (result.kind === 'scan') {
        // Capture phase on window runs before React's handlers: Enter stops here.
        e.preventDefault();
        e.stopPropagation();
        // The code is the burst's end: the input goes back to how it was before its first key
        // (keys of the burst before the code, if any, were someone typing and stay).
        const start = before[Math.max(0, before.length - result.code.length)];
        before = [];
        if (start?.el && start.el.isConnected) restoreValue(start.el, start.value);
        onScanRef.current(result.code);
        return;
      }
      before = detector.pending === '' ? [] : before.slice(-detector.pending.length);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [maxGapMs, minLength]);
}

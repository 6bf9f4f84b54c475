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
    let burst: { el: TextInput; value: string } | null = null;
    const onKey = (e: KeyboardEvent) => {
      // Digits typed into a PIN pad are a secret, never a barcode: a fast
      // typist's PIN must not land on screen as "unknown code 1357".
      const inPinPad = e.target instanceof Element && e.target.closest('[data-scan-ignore]') !== null;
      if (inPinPad || e.ctrlKey || e.altKey || e.metaKey || e.isComposing) {
        detector.reset();
        return;
      }
      const result = detector.key(e.key, e.timeStamp || performance.now());
      if (e.key.length === 1 && detector.pending.length === 1) {
        // This key starts a burst: remember the focused input as it was before it.
        const el = document.activeElement;
        burst = isTextInput(el) ? { el, value: el.value } : null;
      }
      if (result.kind === 'scan') {
        // Capture phase on window runs before React's handlers: Enter stops here.
        e.preventDefault();
        e.stopPropagation();
        if (burst && burst.el.isConnected) restoreValue(burst.el, burst.value);
        burst = null;
        onScanRef.current(result.code);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [maxGapMs, minLength]);
}

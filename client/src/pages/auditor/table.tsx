import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/**
 * A dashboard table in a frame of its own: it scrolls sideways there on a phone (not the page), a long
 * one (`tall`) keeps its header in sight, and the frame is focusable and named by the caption, so that a
 * keyboard can scroll it and a screen reader announces it.
 */
export function FramedTable({ caption, testId, tall, children }: { caption: ComponentChildren; testId: string; tall: boolean; children: ComponentChildren }) {
  const captionId = useId();
  return (
    <div class={`ars-table-wrap${tall ? ' ars-table-wrap--tall' : ''}`} tabIndex={0} role="region" aria-labelledby={captionId}>
      <table class="ars-table" data-testid={testId}>
        <caption id={captionId}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}

// Pan by dragging, zoom by the wheel about the cursor; a press that does not move is a click,
// and a pointer that moves without a button pressed is a hover.
import { type View } from './view.ts';

/** Wheel zoom per 100 px of scroll. */
const ZOOM_PER_100PX = 1.15;
/** A press that moves less than this many CSS pixels before release is a click. */
const CLICK_SLOP_PX = 4;

export interface ViewInputHandlers {
  /** The view was panned or zoomed. */
  changed(): void;
  /** The pointer is over (x, y) CSS pixels of the element, no button pressed. */
  hover(x: number, y: number): void;
  leave(): void;
  click(x: number, y: number): void;
}

export function attachViewInput(
  element: HTMLElement,
  view: View,
  handlers: ViewInputHandlers,
): void {
  let press: { id: number; x: number; y: number; dragging: boolean } | null = null;
  const local = (event: MouseEvent): [number, number] => {
    const rect = element.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  };

  element.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    press = { id: event.pointerId, x: event.clientX, y: event.clientY, dragging: false };
    element.setPointerCapture(event.pointerId);
  });
  element.addEventListener('pointermove', (event) => {
    if (!press) {
      handlers.hover(...local(event));
      return;
    }
    if (press.id !== event.pointerId) return;
    const dx = event.clientX - press.x;
    const dy = event.clientY - press.y;
    if (!press.dragging && Math.hypot(dx, dy) < CLICK_SLOP_PX) return;
    press.dragging = true;
    view.pan(dx, dy);
    press.x = event.clientX;
    press.y = event.clientY;
    handlers.changed();
  });
  element.addEventListener('pointerup', (event) => {
    if (press?.id !== event.pointerId) return;
    const clicked = !press.dragging;
    press = null;
    if (clicked) handlers.click(...local(event));
  });
  element.addEventListener('pointercancel', (event) => {
    if (press?.id === event.pointerId) press = null;
  });
  element.addEventListener('pointerleave', () => {
    if (!press) handlers.leave();
  });

  element.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const pixels =
        event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY * 16 : event.deltaY;
      view.zoomAt(...local(event), ZOOM_PER_100PX ** (pixels / 100));
      handlers.changed();
    },
    { passive: false },
  );
}

// Tracks an element's size in CSS pixels and in device pixels, so that the canvases' backing
// stores match the screen exactly at any devicePixelRatio. No event reports every change of
// the ratio (an emulated one reaches neither observers nor media queries): the owner watches
// it and asks for a refresh.
export interface CanvasSize {
  cssWidth: number;
  cssHeight: number;
  pixelWidth: number;
  pixelHeight: number;
}

export interface SizeWatch {
  /** Reports the size again, at the present pixel ratio. */
  refresh(): void;
  /** Stops the reports. */
  disconnect(): void;
}

export function observeCanvasSize(
  element: HTMLElement,
  onResize: (size: CanvasSize) => void,
): SizeWatch {
  const observer = new ResizeObserver((entries) => {
    const entry = entries[entries.length - 1];
    if (!entry) return;
    const css = entry.contentBoxSize[0];
    const cssWidth = css ? css.inlineSize : entry.contentRect.width;
    const cssHeight = css ? css.blockSize : entry.contentRect.height;
    // Exact device pixels where the browser reports them, else CSS size * ratio, rounded. An
    // emulated ratio (headless Chromium's device scale factor) reports an unscaled box: a box
    // more than a pixel off CSS size * ratio is not believed.
    const scaledWidth = cssWidth * devicePixelRatio;
    const scaledHeight = cssHeight * devicePixelRatio;
    const device = entry.devicePixelContentBoxSize?.[0];
    const exact =
      device &&
      Math.abs(device.inlineSize - scaledWidth) <= 1 &&
      Math.abs(device.blockSize - scaledHeight) <= 1;
    const pixelWidth = exact ? device.inlineSize : Math.round(scaledWidth);
    const pixelHeight = exact ? device.blockSize : Math.round(scaledHeight);
    onResize({
      cssWidth,
      cssHeight,
      pixelWidth: Math.max(1, pixelWidth),
      pixelHeight: Math.max(1, pixelHeight),
    });
  });
  let box: ResizeObserverBoxOptions = 'device-pixel-content-box';
  try {
    observer.observe(element, { box });
  } catch {
    box = 'content-box';
    observer.observe(element, { box });
  }
  return {
    // Observing afresh reports the size once more: a content box does not change with the
    // pixel ratio, nor does the device-pixel box under an emulated ratio.
    refresh() {
      observer.unobserve(element);
      observer.observe(element, { box });
    },
    disconnect() {
      observer.disconnect();
    },
  };
}

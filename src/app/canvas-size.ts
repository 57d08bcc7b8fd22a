// Tracks an element's size in CSS pixels and in device pixels, so that the canvases' backing
// stores match the screen exactly at any devicePixelRatio.
export interface CanvasSize {
  cssWidth: number;
  cssHeight: number;
  pixelWidth: number;
  pixelHeight: number;
}

export function observeCanvasSize(
  element: HTMLElement,
  onResize: (size: CanvasSize) => void,
): ResizeObserver {
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
  try {
    observer.observe(element, { box: 'device-pixel-content-box' });
  } catch {
    observer.observe(element, { box: 'content-box' });
    watchPixelRatio(() => {
      // Observing afresh reports the current size once more, now at the new ratio.
      observer.unobserve(element);
      observer.observe(element, { box: 'content-box' });
    });
  }
  return observer;
}

/** A content box does not change with the pixel ratio (page zoom, another screen): watch it. */
function watchPixelRatio(onChange: () => void): void {
  const query = matchMedia(`(resolution: ${devicePixelRatio}dppx)`);
  query.addEventListener(
    'change',
    () => {
      onChange();
      watchPixelRatio(onChange);
    },
    { once: true },
  );
}

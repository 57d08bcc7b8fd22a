// The comparison as one picture: every canvas of the panels (heat map, WebGPU trails, axes,
// overlays, spectra) and the panel titles, composited in page order onto one 2-D canvas. A
// WebGPU canvas reads back only in the task that rendered it, so compose right after a frame is
// submitted.

const TITLE_COLOR = '#e6e9f0';
const NUMBER_COLOR = '#7fd1b9';
const BACKGROUND = '#0b0c10';

function visible(element: Element): boolean {
  const rect = element.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0 && !element.closest('[hidden]');
}

/** Draws `grid` (the panels' container) onto `target`, sized to it in device pixels. */
export function composeComparison(grid: HTMLElement, target: HTMLCanvasElement): void {
  const ratio = devicePixelRatio;
  const origin = grid.getBoundingClientRect();
  const width = Math.max(1, Math.round(origin.width * ratio));
  const height = Math.max(1, Math.round(origin.height * ratio));
  if (target.width !== width || target.height !== height) {
    target.width = width;
    target.height = height;
  }
  const ctx = target.getContext('2d');
  if (!ctx) throw new Error('no 2-D canvas context for the export');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const place = (element: Element) => {
    const rect = element.getBoundingClientRect();
    return { x: rect.left - origin.left, y: rect.top - origin.top, rect };
  };

  for (const stage of grid.querySelectorAll<HTMLElement>('.stage')) {
    if (!visible(stage)) continue;
    const { x, y, rect } = place(stage);
    ctx.fillStyle = getComputedStyle(stage).backgroundColor;
    ctx.fillRect(x, y, rect.width, rect.height);
  }
  for (const canvas of grid.querySelectorAll('canvas')) {
    if (!visible(canvas) || canvas.width === 0 || canvas.height === 0) continue;
    const { x, y, rect } = place(canvas);
    ctx.drawImage(canvas, x, y, rect.width, rect.height);
  }
  for (const header of grid.querySelectorAll<HTMLElement>('.panel-header')) {
    if (!visible(header)) continue;
    const { x, y, rect } = place(header);
    const style = getComputedStyle(header);
    ctx.font = `600 ${style.fontSize} ${style.fontFamily}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    const number = header.querySelector('.panel-number')?.textContent ?? '';
    const title = header.querySelector('.panel-title')?.textContent ?? '';
    ctx.fillStyle = NUMBER_COLOR;
    ctx.fillText(number, x + 6, y + rect.height / 2);
    ctx.fillStyle = TITLE_COLOR;
    ctx.fillText(title, x + 26, y + rect.height / 2, rect.width - 32);
  }
}

/** Offers `blob` as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has started by the next task; the URL is not needed after that.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function canvasBlob(canvas: HTMLCanvasElement, type: string): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error(`the browser could not encode ${type}`))),
      type,
    ),
  );
}

// Codecs in order of preference; the first the browser can record is used.
const VIDEO_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];
const VIDEO_FRAME_RATE = 30;

/** Records a canvas that the caller redraws after every frame, as WebM. */
export class VideoRecorder {
  readonly canvas = document.createElement('canvas');
  private recorder: MediaRecorder | null = null;
  private chunks: Blob[] = [];

  get recording(): boolean {
    return this.recorder !== null;
  }

  /** Starts recording; throws with a clear message where the browser cannot. */
  start(): void {
    const type = VIDEO_TYPES.find((candidate) => MediaRecorder.isTypeSupported(candidate));
    if (!type || !this.canvas.captureStream) {
      throw new Error('This browser cannot record the canvas as WebM video.');
    }
    this.chunks = [];
    const recorder = new MediaRecorder(this.canvas.captureStream(VIDEO_FRAME_RATE), {
      mimeType: type,
    });
    recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) this.chunks.push(event.data);
    });
    recorder.start();
    this.recorder = recorder;
  }

  /** Stops and resolves with the video. */
  stop(): Promise<Blob> {
    const recorder = this.recorder;
    if (!recorder) return Promise.reject(new Error('not recording'));
    this.recorder = null;
    return new Promise((resolve) => {
      recorder.addEventListener(
        'stop',
        () => resolve(new Blob(this.chunks, { type: recorder.mimeType })),
        { once: true },
      );
      recorder.stop();
    });
  }
}

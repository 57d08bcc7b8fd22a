// The one-line progress display on stderr: rewritten in place on a terminal; elsewhere (a log,
// a pipe) only each finished measurement gets a line, so logs stay short.

export interface Progress {
  /** What is running now. */
  update(text: string): void;
  /** A measurement finished. */
  finished(text: string): void;
  /** Clears the line before the results are printed. */
  close(): void;
}

export const silentProgress: Progress = { update() {}, finished() {}, close() {} };

export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) {
    return {
      update() {},
      finished: (text) => stream.write(`${text}\n`),
      close() {},
    };
  }
  let shown = false;
  const show = (text: string) => {
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`\r\x1b[2K${text.slice(0, width)}`);
    shown = true;
  };
  return {
    update: show,
    finished: show,
    close: () => {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

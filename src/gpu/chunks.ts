// Map work in chunks: each GPU submission lasts about a target time (the first chunk is
// small, the next ones follow the measured rate), so a page stays responsive and progress
// shows. Two chunks are kept in flight, so the GPU never waits for the CPU to learn that a
// chunk is done (in a browser that round trip alone can take tens of ms).

/** Work units (pixel-steps, or pixels) of the first chunk: a few ms even in software. */
export const FIRST_CHUNK_WORK = 2 ** 16;
/** A chunk grows at most this much over the last one, should one chunk have run unusually fast. */
const MAX_GROWTH = 4;
/** Chunks submitted and not yet known to be done. */
export const CHUNKS_IN_FLIGHT = 2;

export class ChunkSizer {
  private work: number;

  constructor(
    readonly targetMs: number,
    firstWork = FIRST_CHUNK_WORK,
  ) {
    this.work = firstWork;
  }

  /** Work units for the next chunk. */
  get next(): number {
    return this.work;
  }

  /** A chunk of `work` units kept the GPU busy for `milliseconds`. */
  record(work: number, milliseconds: number): void {
    const rate = work / Math.max(milliseconds, 0.1);
    this.work = Math.max(1, Math.floor(Math.min(rate * this.targetMs, MAX_GROWTH * work)));
  }
}

/** A map computed chunk by chunk. */
export interface ChunkedMap {
  /** Fraction of the work completed, 0 to 1. */
  readonly progress: number;
  /** No chunk is left to submit (some may still run). */
  readonly submitted: boolean;
  /**
   * Submits a chunk of about `work` units now; resolves with the units it holds once the GPU
   * has done it. Chunks complete in the order they were submitted.
   */
  advance(work: number): Promise<number>;
}

/** What sizes the chunks: a ChunkSizer, or a fixed size. */
export interface ChunkPlanner {
  readonly next: number;
  record(work: number, milliseconds: number): void;
}

export interface ChunkRunOptions {
  /** After each chunk completes, with the map's progress. */
  onChunk?: (progress: number) => void;
  /** Checked before each submission: true stops submitting (the chunks in flight finish). */
  cancelled?: () => boolean;
}

/**
 * Advances the map until every chunk is done, each as large as the planner says. A chunk's
 * time is from the completion of the one before it (or the start): while chunks queue up,
 * that is the GPU's time on it.
 */
export async function runChunks(
  map: ChunkedMap,
  planner: ChunkPlanner,
  options: ChunkRunOptions = {},
): Promise<void> {
  const inFlight: Promise<void>[] = [];
  let lastCompletion = performance.now();
  try {
    while (!map.submitted && !options.cancelled?.()) {
      const chunk = map.advance(planner.next).then((work) => {
        const now = performance.now();
        planner.record(work, now - lastCompletion);
        lastCompletion = now;
        options.onChunk?.(map.progress);
      });
      inFlight.push(chunk);
      if (inFlight.length >= CHUNKS_IN_FLIGHT) await inFlight.shift();
    }
    await Promise.all(inFlight);
  } catch (error) {
    // The other chunk in flight must settle before the caller frees the map's buffers.
    await Promise.allSettled(inFlight);
    throw error;
  }
}

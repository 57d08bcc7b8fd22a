// The elements of bench.html the benchmark writes to, found once by id.
export interface BenchPage {
  status: HTMLElement;
  error: HTMLElement;
  notice: HTMLElement;
  adapter: HTMLElement;
  method: HTMLElement;
  frame: HTMLElement;
  plot: HTMLElement;
  results: HTMLTableElement;
  interactive: HTMLElement;
  skipped: HTMLElement;
  copyJson: HTMLButtonElement;
  copyStatus: HTMLElement;
  json: HTMLElement;
  canvas: HTMLCanvasElement;
}

function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`bench.html lacks the ${type.name} #${id}`);
  return element;
}

export function findBenchPage(): BenchPage {
  return {
    status: byId('status', HTMLElement),
    error: byId('error', HTMLElement),
    notice: byId('notice', HTMLElement),
    adapter: byId('adapter', HTMLElement),
    method: byId('method', HTMLElement),
    frame: byId('frame', HTMLElement),
    plot: byId('plot', HTMLElement),
    results: byId('results', HTMLTableElement),
    interactive: byId('interactive', HTMLElement),
    skipped: byId('skipped', HTMLElement),
    copyJson: byId('copy-json', HTMLButtonElement),
    copyStatus: byId('copy-status', HTMLElement),
    json: byId('json', HTMLElement),
    canvas: byId('canvas', HTMLCanvasElement),
  };
}

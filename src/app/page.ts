// The elements of index.html the app writes to, found once by id.
export interface Page {
  /** The grid the panels are placed in. */
  panels: HTMLElement;
  controls: HTMLElement;
  analysis: HTMLElement;
  analysisPanel: HTMLElement;
  hover: HTMLElement;
  runCaption: HTMLElement;
  distributions: HTMLCanvasElement;
  trajectory: HTMLElement;
  validateResult: HTMLElement;
  status: HTMLElement;
  shareStatus: HTMLElement;
  error: HTMLElement;
  notice: HTMLElement;
  urlNotice: HTMLElement;
  inputError: HTMLElement;
  conflicts: HTMLElement;
  unsupported: HTMLElement;
  unsupportedReason: HTMLElement;
}

function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`index.html lacks the ${type.name} #${id}`);
  return element;
}

export function findPage(): Page {
  return {
    panels: byId('panels', HTMLElement),
    controls: byId('controls', HTMLElement),
    analysis: byId('analysis', HTMLElement),
    analysisPanel: byId('analysis-panel', HTMLElement),
    hover: byId('hover', HTMLElement),
    runCaption: byId('run-caption', HTMLElement),
    distributions: byId('distributions', HTMLCanvasElement),
    trajectory: byId('trajectory', HTMLElement),
    validateResult: byId('validate-result', HTMLElement),
    status: byId('status', HTMLElement),
    shareStatus: byId('share-status', HTMLElement),
    error: byId('error', HTMLElement),
    notice: byId('notice', HTMLElement),
    urlNotice: byId('url-notice', HTMLElement),
    inputError: byId('input-error', HTMLElement),
    conflicts: byId('conflicts', HTMLElement),
    unsupported: byId('unsupported', HTMLElement),
    unsupportedReason: byId('unsupported-reason', HTMLElement),
  };
}

/** Shows `text` in `element`, or hides the element when there is nothing to say. */
export function say(element: HTMLElement, text: string | null): void {
  element.textContent = text ?? '';
  element.hidden = !text;
}

// The app's settings and views in the page's URL: read once on load, written back with
// history.replaceState as they change, at most a few times a second.
import { cloneConfig } from '../model/config.ts';
import {
  type UrlState,
  decodeState,
  describeAdjusted,
  describeIgnored,
  encodeState,
} from '../model/url-state.ts';
import { type AppSettings, URL_SCHEMAS } from './settings.ts';

type AppUrlState = UrlState<typeof URL_SCHEMAS.global, typeof URL_SCHEMAS.panel>;

/** Browsers throttle replaceState; a third of a second between writes is ample for a link. */
const WRITE_INTERVAL_MS = 350;

export interface ViewState {
  center: [number, number];
  halfHeight: number;
}

export interface LoadedState {
  settings: AppSettings;
  /** One per panel. */
  views: ViewState[];
  /** What the link set that was ignored or moved into range, for the page; null if nothing. */
  notice: string | null;
}

export function loadState(search: string): LoadedState {
  const { state, ignored, adjusted } = decodeState(search, URL_SCHEMAS);
  const { theta, psi, halfHeight, ...display } = state.global;
  const settings: AppSettings = {
    ...display,
    panels: state.panels.map((panel) => panel.config),
    layout: state.layout,
    selected: state.selected,
    paused: false,
  };
  const views = state.panels.map(({ extra }) =>
    settings.linkViews
      ? { center: [theta, psi] as [number, number], halfHeight }
      : {
          center: [extra.theta ?? theta, extra.psi ?? psi] as [number, number],
          halfHeight: extra.halfHeight ?? halfHeight,
        },
  );
  const notices = [describeIgnored(ignored), describeAdjusted(adjusted)].filter(Boolean);
  return { settings, views, notice: notices.join(' ') || null };
}

/** The query string (without '?') for these settings and views. */
export function stateQuery(settings: AppSettings, views: ViewState[]): string {
  const { panels, layout, selected, paused: _paused, ...display } = settings;
  const first = views[0] ?? { center: [0, 0], halfHeight: URL_SCHEMAS.global.halfHeight.fallback };
  const state: AppUrlState = {
    layout,
    selected,
    panels: panels.map((config, index) => {
      const view = views[index];
      return {
        config: cloneConfig(config),
        extra:
          settings.linkViews || index === 0 || !view
            ? {}
            : { theta: view.center[0], psi: view.center[1], halfHeight: view.halfHeight },
      };
    }),
    global: {
      ...display,
      theta: first.center[0],
      psi: first.center[1],
      halfHeight: first.halfHeight,
    },
  };
  return encodeState(state, URL_SCHEMAS);
}

/** Writes the query that `query()` returns into the address bar, throttled. */
export class UrlWriter {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastWrite = -Infinity;

  constructor(private readonly query: () => string) {}

  schedule(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastWrite + WRITE_INTERVAL_MS - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Writes now; the link is then current. */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.lastWrite = performance.now();
    const query = this.query();
    const url = `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) {
      history.replaceState(history.state, '', url);
    }
  }
}

// A comparison as query parameters: the layout, the selected panel, every panel's Config and the
// app's own settings (view, display), each described by a schema. Decoding trusts nothing: a
// value must parse and lie in its range, else its default stays and the parameter is reported.
import {
  type Config,
  LOSSES,
  LS_CODE_RANGE,
  METHOD_RANGES,
  type NumericSpec,
  OPTIMIZERS,
  OPTIMIZER_RANGES,
  checkNumber,
  defaultConfig,
} from './config.ts';
import { LAYOUT_NAMES, type LayoutName, MAX_PANELS, panelCount } from './layout.ts';

export interface NumberField {
  kind: 'number';
  spec: NumericSpec;
  fallback: number;
  /** When given, the only values accepted. */
  options?: readonly number[];
  /**
   * A number outside the range, or between the options, is moved to the nearest accepted value
   * (the largest option at or below it) and reported, instead of being ignored.
   */
  clamp?: boolean;
}

export interface BooleanField {
  kind: 'boolean';
  fallback: boolean;
}

export interface ChoiceField<T extends string = string> {
  kind: 'choice';
  options: readonly T[];
  fallback: T;
}

export type Field = NumberField | BooleanField | ChoiceField;
export type Schema = Record<string, Field>;

export type Values<S extends Schema> = {
  -readonly [K in keyof S]: S[K] extends ChoiceField<infer T>
    ? T
    : S[K] extends NumberField
      ? number
      : boolean;
};

export function numberField(
  spec: NumericSpec,
  fallback: number,
  options?: readonly number[],
): NumberField {
  return options ? { kind: 'number', spec, fallback, options } : { kind: 'number', spec, fallback };
}

/** A number field that clamps what it does not accept; see NumberField.clamp. */
export function clampedNumberField(
  spec: NumericSpec,
  fallback: number,
  options?: readonly number[],
): NumberField {
  return { ...numberField(spec, fallback, options), clamp: true };
}

export function booleanField(fallback: boolean): BooleanField {
  return { kind: 'boolean', fallback };
}

export function choiceField<T extends string>(options: readonly T[], fallback: T): ChoiceField<T> {
  return { kind: 'choice', options, fallback };
}

/** The app's settings besides the Configs: `global` once, `panel` once per panel, optional. */
export interface UrlSchemas<G extends Schema, P extends Schema> {
  global: G;
  panel: P;
}

export interface PanelState<P extends Schema> {
  config: Config;
  /** Only the per-panel settings the URL sets. */
  extra: Partial<Values<P>>;
}

export interface UrlState<G extends Schema, P extends Schema> {
  layout: LayoutName;
  selected: number;
  /** One per panel of the layout. */
  panels: PanelState<P>[];
  global: Values<G>;
}

export interface IgnoredParameter {
  /** The parameter's name, made printable and cut short. */
  key: string;
  reason: string;
}

export interface DecodedState<G extends Schema, P extends Schema> {
  state: UrlState<G, P>;
  ignored: IgnoredParameter[];
  /** Values of clamping fields that were moved into range; `reason` says to what. */
  adjusted: IgnoredParameter[];
}

/** Longer query strings are not read at all: no comparison needs a fraction of this. */
export const MAX_QUERY_LENGTH = 4096;
/** Longer values are refused: the longest valid one is a number written in full. */
export const MAX_VALUE_LENGTH = 32;
/** Characters of a refused name or value shown in the notice. */
const SHOWN_LENGTH = 24;

const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const PANEL_KEY = /^p(\d)\.(.+)$/;

interface ConfigField {
  field: Field;
  read(config: Config): string | number;
  write(config: Config, value: string | number): void;
}

/** Every Config setting under its URL name; the names are Config's own. */
function configFields(): Map<string, ConfigField> {
  const defaults = defaultConfig();
  const fields = new Map<string, ConfigField>();
  fields.set('loss', {
    field: choiceField(LOSSES, defaults.method.loss),
    read: (config) => config.method.loss,
    write: (config, value) => (config.method.loss = value as Config['method']['loss']),
  });
  for (const key of Object.keys(METHOD_RANGES) as (keyof typeof METHOD_RANGES)[]) {
    fields.set(key, {
      field: numberField(METHOD_RANGES[key], defaults.method[key]),
      read: (config) => config.method[key],
      write: (config, value) => (config.method[key] = value as number),
    });
  }
  (['lsA', 'lsB', 'lsC'] as const).forEach((key, i) => {
    fields.set(key, {
      field: numberField(LS_CODE_RANGE, defaults.method.lsCodes[i]!),
      read: (config) => config.method.lsCodes[i]!,
      write: (config, value) => (config.method.lsCodes[i] = value as number),
    });
  });
  fields.set('optimizer', {
    field: choiceField(OPTIMIZERS, defaults.optimizer.optimizer),
    read: (config) => config.optimizer.optimizer,
    write: (config, value) =>
      (config.optimizer.optimizer = value as Config['optimizer']['optimizer']),
  });
  for (const key of Object.keys(OPTIMIZER_RANGES) as (keyof typeof OPTIMIZER_RANGES)[]) {
    fields.set(key, {
      field: numberField(OPTIMIZER_RANGES[key], defaults.optimizer[key]),
      read: (config) => config.optimizer[key],
      write: (config, value) => (config.optimizer[key] = value as number),
    });
  }
  fields.set('order', {
    field: choiceField(['dg', 'gd'] as const, defaults.optimizer.order),
    read: (config) => config.optimizer.order,
    write: (config, value) => (config.optimizer.order = value as 'dg' | 'gd'),
  });
  return fields;
}

const CONFIG_FIELDS = configFields();

export function defaultValues<S extends Schema>(schema: S): Values<S> {
  const values: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema)) values[key] = field.fallback;
  return values as Values<S>;
}

/**
 * The parameter's text as a value of `field`, or why it is not one; `adjusted` says why a
 * clamping field's value was moved.
 */
export function parseValue(
  field: Field,
  text: string,
): { value: string | number | boolean; adjusted?: string } | { reason: string } {
  if (text.length > MAX_VALUE_LENGTH)
    return { reason: `longer than ${MAX_VALUE_LENGTH} characters` };
  switch (field.kind) {
    case 'number': {
      if (!NUMBER_PATTERN.test(text)) return { reason: `'${printable(text)}' is not a number` };
      const value = Number(text);
      const problem =
        checkNumber(value, field.spec) ??
        (field.options && !field.options.includes(value)
          ? 'is not one of the offered values'
          : null);
      if (!problem) return { value };
      if (!field.clamp) return { reason: `${printable(text)} ${problem}` };
      const clamped = clampNumber(value, field);
      return { value: clamped, adjusted: `${printable(text)} ${problem}: ${clamped} used` };
    }
    case 'boolean':
      if (text === '1' || text === 'true') return { value: true };
      if (text === '0' || text === 'false') return { value: false };
      return { reason: `'${printable(text)}' is not 0 or 1` };
    case 'choice':
      if ((field.options as readonly string[]).includes(text)) return { value: text };
      return { reason: `'${printable(text)}' is not one of ${field.options.join(', ')}` };
  }
}

/** The accepted value of a clamping field nearest `value` (1e400 reads as Infinity: the max). */
function clampNumber(value: number, field: NumberField): number {
  const { min, max, integer } = field.spec;
  const inRange = Math.min(max, Math.max(min, value));
  const whole = integer ? Math.min(max, Math.max(min, Math.round(inRange))) : inRange;
  if (!field.options) return whole;
  const below = field.options.filter((option) => option <= whole);
  return below.length > 0 ? Math.max(...below) : Math.min(...field.options);
}

/** Text safe to show: control and non-ASCII characters as '?', cut to a few characters. */
function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > SHOWN_LENGTH ? `${clean.slice(0, SHOWN_LENGTH)}…` : clean;
}

function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function decodeState<G extends Schema, P extends Schema>(
  search: string,
  schemas: UrlSchemas<G, P>,
): DecodedState<G, P> {
  const ignored: IgnoredParameter[] = [];
  const adjusted: IgnoredParameter[] = [];
  const query = search.startsWith('?') ? search.slice(1) : search;
  const tooLong = query.length > MAX_QUERY_LENGTH;
  if (tooLong) {
    ignored.push({ key: 'the whole link', reason: `longer than ${MAX_QUERY_LENGTH} characters` });
  }
  const entries = tooLong ? [] : [...new URLSearchParams(query)];

  // The first occurrence of a name counts; later ones are reported.
  const parameters = new Map<string, string>();
  for (const [key, value] of entries) {
    if (parameters.has(key)) ignored.push({ key: printable(key), reason: 'given more than once' });
    else parameters.set(key, value);
  }

  const take = <T>(key: string, field: Field, apply: (value: T) => void) => {
    const text = parameters.get(key);
    parameters.delete(key);
    if (text === undefined) return;
    const parsed = parseValue(field, text);
    if ('reason' in parsed) {
      ignored.push({ key: printable(key), reason: parsed.reason });
      return;
    }
    if (parsed.adjusted) adjusted.push({ key: printable(key), reason: parsed.adjusted });
    apply(parsed.value as T);
  };

  let layout: LayoutName = '1x1';
  take<LayoutName>('layout', choiceField(LAYOUT_NAMES, layout), (value) => (layout = value));
  const count = panelCount(layout);
  let selected = 0;
  take<number>(
    'selected',
    numberField({ min: 0, max: count - 1, integer: true }, 0),
    (value) => (selected = value),
  );

  const global = defaultValues(schemas.global);
  for (const [key, field] of Object.entries(schemas.global)) {
    take(key, field, (value) => ((global as Record<string, unknown>)[key] = value));
  }

  const panels: PanelState<P>[] = Array.from({ length: count }, () => ({
    config: defaultConfig(),
    extra: {},
  }));
  for (const [key, text] of parameters) {
    const match = PANEL_KEY.exec(key);
    const index = match ? Number(match[1]) : -1;
    const name = match?.[2] ?? '';
    const configField = CONFIG_FIELDS.get(name);
    const panelField = lookup(schemas.panel, name);
    if (!match || index >= MAX_PANELS || (!configField && !panelField)) {
      ignored.push({ key: printable(key), reason: 'not a setting' });
      continue;
    }
    if (index >= count) {
      ignored.push({
        key: printable(key),
        reason: `layout ${layout} has no panel ${index + 1}`,
      });
      continue;
    }
    const parsed = parseValue((configField?.field ?? panelField)!, text);
    if ('reason' in parsed) {
      ignored.push({ key: printable(key), reason: parsed.reason });
      continue;
    }
    const panel = panels[index]!;
    if (configField) configField.write(panel.config, parsed.value as string | number);
    else (panel.extra as Record<string, unknown>)[name] = parsed.value;
  }

  return { state: { layout, selected, panels, global }, ignored, adjusted };
}

function written(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
}

/** The query string (without '?'): everything that differs from its default; '' for none. */
export function encodeState<G extends Schema, P extends Schema>(
  state: UrlState<G, P>,
  schemas: UrlSchemas<G, P>,
): string {
  const parameters = new URLSearchParams();
  if (state.layout !== '1x1') parameters.set('layout', state.layout);
  if (state.selected !== 0) parameters.set('selected', String(state.selected));
  for (const [key, field] of Object.entries(schemas.global)) {
    const value = (state.global as Record<string, string | number | boolean>)[key]!;
    if (value !== field.fallback) parameters.set(key, written(value));
  }
  state.panels.forEach((panel, index) => {
    for (const [name, { field, read }] of CONFIG_FIELDS) {
      const value = read(panel.config);
      if (value !== field.fallback) parameters.set(`p${index}.${name}`, written(value));
    }
    for (const name of Object.keys(schemas.panel)) {
      const value = (panel.extra as Record<string, string | number | boolean | undefined>)[name];
      if (value !== undefined) parameters.set(`p${index}.${name}`, written(value));
    }
  });
  return parameters.toString();
}

/** One line for the page: what the link set that was moved into range, and to what. */
export function describeAdjusted(adjusted: IgnoredParameter[]): string | null {
  if (adjusted.length === 0) return null;
  const listed = adjusted.map(({ key, reason }) => `${key} (${reason})`);
  return `Adjusted from the link: ${listed.join('; ')}.`;
}

/** One line for the page: what the link set that was not used, and why. */
export function describeIgnored(ignored: IgnoredParameter[], shown = 6): string | null {
  if (ignored.length === 0) return null;
  const listed = ignored.slice(0, shown).map(({ key, reason }) => `${key} (${reason})`);
  const more = ignored.length > shown ? `, and ${ignored.length - shown} more` : '';
  return `Ignored from the link, defaults used instead: ${listed.join('; ')}${more}.`;
}

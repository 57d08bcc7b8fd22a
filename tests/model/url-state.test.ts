// URL state: exact round trips, and every kind of broken or hostile link falls back to the
// defaults for what is wrong, names it, and never lets text through into the settings.
import { describe, expect, it } from 'vitest';
import { type Config, defaultConfig } from '../../src/model/config.ts';
import {
  MAX_QUERY_LENGTH,
  MAX_VALUE_LENGTH,
  type UrlState,
  booleanField,
  choiceField,
  decodeState,
  defaultValues,
  describeIgnored,
  encodeState,
  numberField,
} from '../../src/model/url-state.ts';

const schemas = {
  global: {
    particles: numberField({ min: 1024, max: 1 << 24, integer: true }, 65536, [1024, 65536]),
    fade: numberField({ min: 0, max: 1 }, 0.96),
    colormap: choiceField(['viridis', 'magma'] as const, 'viridis'),
    linkViews: booleanField(true),
    halfHeight: numberField({ min: 1e-3, max: 1e3 }, 2.5),
  },
  panel: {
    halfHeight: numberField({ min: 1e-3, max: 1e3 }, 2.5),
  },
};
type State = UrlState<typeof schemas.global, typeof schemas.panel>;

function config(edit: (config: Config) => void): Config {
  const result = defaultConfig();
  edit(result);
  return result;
}

function decode(search: string) {
  return decodeState(search, schemas);
}

function keysOf(search: string): string[] {
  return decode(search).ignored.map(({ key }) => key);
}

const defaults: State = {
  layout: '1x1',
  selected: 0,
  panels: [{ config: defaultConfig(), extra: {} }],
  global: defaultValues(schemas.global),
};

describe('URL state round trip', () => {
  it('an empty query gives the defaults and ignores nothing', () => {
    expect(decode('')).toEqual({ state: defaults, ignored: [], adjusted: [] });
    expect(decode('?')).toEqual({ state: defaults, ignored: [], adjusted: [] });
  });

  it('writes only what differs from the defaults', () => {
    expect(encodeState(defaults, schemas)).toBe('');
    const edited = { ...defaults, global: { ...defaults.global, fade: 0.5 } };
    expect(encodeState(edited, schemas)).toBe('fade=0.5');
  });

  it('four panels, every kind of field, decode to exactly what was encoded', () => {
    const state: State = {
      layout: '2x2',
      selected: 3,
      panels: [
        { config: defaultConfig(), extra: {} },
        { config: config((c) => Object.assign(c.method, { mse: 1 })), extra: { halfHeight: 0.7 } },
        {
          config: config((c) => {
            Object.assign(c.method, { loss: 'lsgan', lsCodes: [-0.5, 1e-7, 3], r1: 0.3 });
            Object.assign(c.optimizer, { optimizer: 'altgd', dSteps: 5, order: 'gd', lrG: 0.2 });
          }),
          extra: {},
        },
        {
          config: config((c) => {
            Object.assign(c.method, { loss: 'nsgan', noise: 0.7, consensus: 1 / 3 });
            Object.assign(c.optimizer, { optimizer: 'momentum', beta: -0.25, lrD: 0.123456789 });
          }),
          extra: {},
        },
      ],
      global: { particles: 1024, fade: 0.5, colormap: 'magma', linkViews: false, halfHeight: 3 },
    };

    const search = encodeState(state, schemas);
    const decoded = decode(`?${search}`);

    expect(decoded.ignored).toEqual([]);
    expect(decoded.state).toEqual(state);
  });
});

describe('broken and hostile links', () => {
  it('malformed escapes and empty pieces do not throw; the valid rest is kept', () => {
    const { state, ignored } = decode('?layout=1x2&&=&p0.mse=%E0%A4%A&%%%=1&p1.mse=2');

    expect(state.layout).toBe('1x2');
    expect(state.panels[1]!.config.method.mse).toBe(2);
    expect(state.panels[0]!.config.method.mse).toBe(0);
    expect(ignored.map(({ key }) => key)).toEqual(['', 'p0.mse', '%%%']);
  });

  it('a truncated link: cut names and numbers are ignored', () => {
    const { state, ignored } = decode('?layout=2x2&p1.mse=1.5e&p1.r');

    expect(state.layout).toBe('2x2');
    expect(state.panels[1]!.config).toEqual(defaultConfig());
    expect(ignored).toEqual([
      { key: 'p1.mse', reason: "'1.5e' is not a number" },
      { key: 'p1.r', reason: 'not a setting' },
    ]);
  });

  it('wrong types fall back to the defaults', () => {
    const { state, ignored } = decode(
      '?p0.mse=abc&p0.loss=7&linkViews=yes&p0.dSteps=1.5&colormap=Viridis&particles=0x400' +
        '&p0.optimizer=&fade=1,5',
    );

    expect(state).toEqual(defaults);
    expect(ignored.map(({ key }) => key).sort()).toEqual(
      [
        'p0.mse',
        'p0.loss',
        'linkViews',
        'p0.dSteps',
        'colormap',
        'particles',
        'p0.optimizer',
        'fade',
      ].sort(),
    );
  });

  it('out-of-range, non-finite and unoffered numbers fall back to the defaults', () => {
    const { state, ignored } = decode(
      '?p0.mse=-1&p0.lrG=0&p0.beta=1&p0.r1=1e400&p0.r2=NaN&p0.noise=Infinity&fade=1.0001' +
        '&particles=2048&halfHeight=1e-4',
    );

    expect(state).toEqual(defaults);
    expect(ignored).toHaveLength(9);
    expect(ignored.find(({ key }) => key === 'p0.mse')?.reason).toBe('-1 must lie in [0, 1000]');
    expect(ignored.find(({ key }) => key === 'p0.r1')?.reason).toBe(
      '1e400 must be a finite number',
    );
    expect(ignored.find(({ key }) => key === 'particles')?.reason).toBe(
      '2048 is not one of the offered values',
    );
  });

  it('the selected panel must exist in the layout', () => {
    expect(decode('?layout=2x2&selected=3').state.selected).toBe(3);
    expect(decode('?layout=2x2&selected=4').state.selected).toBe(0);
    expect(decode('?selected=1')).toMatchObject({
      state: { selected: 0 },
      ignored: [{ key: 'selected', reason: '1 must lie in [0, 0]' }],
    });
  });

  it('an unknown layout gives one panel, and settings of panels beyond it are ignored', () => {
    const { state, ignored } = decode('?layout=3x3&p1.mse=1&p0.mse=2');

    expect(state.layout).toBe('1x1');
    expect(state.panels).toHaveLength(1);
    expect(state.panels[0]!.config.method.mse).toBe(2);
    expect(ignored).toEqual([
      { key: 'layout', reason: "'3x3' is not one of 1x1, 1x2, 2x2" },
      { key: 'p1.mse', reason: 'layout 1x1 has no panel 2' },
    ]);
  });

  it('unknown names are ignored and named, prototype names included, and pollute nothing', () => {
    const search =
      '?foo=1&p4.mse=1&p9.mse=1&__proto__=1&constructor=1&p0.__proto__=x&p0.toString=1' +
      '&p0.method=1&P0.mse=1&p00.mse=1';
    const { state, ignored } = decode(search);

    expect(state).toEqual(defaults);
    expect(ignored.map(({ key }) => key)).toEqual([
      'foo',
      'p4.mse',
      'p9.mse',
      '__proto__',
      'constructor',
      'p0.__proto__',
      'p0.toString',
      'p0.method',
      'P0.mse',
      'p00.mse',
    ]);
    expect(ignored.every(({ reason }) => reason === 'not a setting')).toBe(true);
    expect(({} as Record<string, unknown>).mse).toBeUndefined();
    expect(Object.getPrototypeOf(state.global)).toBe(Object.prototype);
  });

  it('a value over the length limit is ignored, even if it would parse', () => {
    const long = `0.${'1'.repeat(MAX_VALUE_LENGTH)}`;
    const { state, ignored } = decode(`?p0.mse=${long}&p0.r1=0.5`);

    expect(state.panels[0]!.config.method.mse).toBe(0);
    expect(state.panels[0]!.config.method.r1).toBe(0.5);
    expect(ignored).toEqual([
      { key: 'p0.mse', reason: `longer than ${MAX_VALUE_LENGTH} characters` },
    ]);
  });

  it('a query over the length limit is not read at all', () => {
    const search = `?layout=2x2&p1.mse=1&pad=${'x'.repeat(MAX_QUERY_LENGTH)}`;
    const { state, ignored } = decode(search);

    expect(state).toEqual(defaults);
    expect(ignored).toEqual([
      { key: 'the whole link', reason: `longer than ${MAX_QUERY_LENGTH} characters` },
    ]);
  });

  it('script-like text is refused, and what is reported is short printable text', () => {
    const script = encodeURIComponent('<script>alert(1)</script>');
    const { state, ignored } = decode(
      `?p0.loss=${script}&colormap=javascript:alert(1)&${script}=1&p0.mse=1;alert(1)` +
        `&%E2%80%AE%00evil=1`,
    );

    expect(state).toEqual(defaults);
    expect(ignored).toHaveLength(5);
    for (const { key, reason } of ignored) {
      expect(key).toMatch(/^[\x20-\x7e…]{0,25}$/);
      expect(reason.length).toBeLessThan(120);
      expect(`${key}${reason}`).not.toMatch(/[\u0000-\u001f\u202e]/);
    }
    expect(ignored.find(({ key }) => key === 'p0.loss')).toEqual({
      key: 'p0.loss',
      reason: "'<script>alert(1)</script…' is not one of gan, nsgan, wgan, lsgan, hinge",
    });
    expect(ignored.map(({ key }) => key)).toContain('??evil');
  });

  it('a name given twice: the first counts, the second is reported', () => {
    const { state, ignored } = decode('?p0.mse=1&p0.mse=2');

    expect(state.panels[0]!.config.method.mse).toBe(1);
    expect(ignored).toEqual([{ key: 'p0.mse', reason: 'given more than once' }]);
  });
});

describe('the notice', () => {
  it('says nothing when nothing was ignored', () => {
    expect(describeIgnored([])).toBeNull();
  });

  it('names each ignored parameter with its reason, and counts the rest', () => {
    const { ignored } = decode('?a=1&b=1&c=1&p0.mse=x');

    expect(describeIgnored(ignored, 3)).toBe(
      'Ignored from the link, defaults used instead: a (not a setting); b (not a setting); ' +
        'c (not a setting), and 1 more.',
    );
  });

  it('names every key of a hostile link that a test can look for', () => {
    expect(keysOf('?x=1&p0.mse=-5')).toEqual(['x', 'p0.mse']);
  });
});

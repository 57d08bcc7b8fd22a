// The app's own link schema at its edges: particle counts and steps per frame out of range are
// moved to the nearest accepted value and reported, not dropped for the defaults; everything
// else wrong is still ignored and named.
import { describe, expect, it } from 'vitest';
import { URL_SCHEMAS } from '../../src/app/settings.ts';
import { loadState } from '../../src/app/url-sync.ts';
import { decodeState } from '../../src/model/url-state.ts';

function decoded(search: string) {
  const { state, ignored, adjusted } = decodeState(search, URL_SCHEMAS);
  return { global: state.global, ignored, adjusted };
}

describe('particle counts in the link', () => {
  it.each([
    ['0', 1024, '0 must lie in [1024, 16777216]: 1024 used'],
    ['1', 1024, '1 must lie in [1024, 16777216]: 1024 used'],
    ['-5', 1024, '-5 must lie in [1024, 16777216]: 1024 used'],
    ['1.5', 1024, '1.5 must be an integer: 1024 used'],
    ['5000', 4096, '5000 is not one of the offered values: 4096 used'],
    ['1e9', 16_777_216, '1e9 must lie in [1024, 16777216]: 16777216 used'],
    ['1e400', 16_777_216, '1e400 must be a finite number: 16777216 used'],
  ])('particles=%s gives %i, and says so', (text, count, reason) => {
    const { global, ignored, adjusted } = decoded(`?particles=${text}`);
    expect(global.particles).toBe(count);
    expect(ignored).toEqual([]);
    expect(adjusted).toEqual([{ key: 'particles', reason }]);
  });

  it('a count that is not a number is ignored: the default stays', () => {
    const { global, ignored, adjusted } = decoded('?particles=lots');
    expect(global.particles).toBe(1 << 20);
    expect(ignored).toEqual([{ key: 'particles', reason: "'lots' is not a number" }]);
    expect(adjusted).toEqual([]);
  });

  it('an offered count passes unchanged and unreported', () => {
    expect(decoded('?particles=16384')).toMatchObject({
      global: { particles: 16384 },
      ignored: [],
      adjusted: [],
    });
  });
});

describe('steps per frame in the link', () => {
  it.each([
    ['1e6', 1000],
    ['1001', 1000],
    ['0', 1],
    ['-3', 1],
    ['2.5', 3],
  ])('stepsPerFrame=%s gives %i', (text, steps) => {
    const { global, adjusted } = decoded(`?stepsPerFrame=${text}`);
    expect(global.stepsPerFrame).toBe(steps);
    expect(adjusted).toHaveLength(1);
  });
});

describe('the notice on the page', () => {
  it('names what was adjusted after what was ignored', () => {
    const { notice, settings } = loadState('?particles=0&stepsPerFrame=1e6&fade=2');
    expect(settings).toMatchObject({ particles: 1024, stepsPerFrame: 1000, fade: 0.96 });
    expect(notice).toBe(
      'Ignored from the link, defaults used instead: fade (2 must lie in [0, 1]). ' +
        'Adjusted from the link: particles (0 must lie in [1024, 16777216]: 1024 used); ' +
        'stepsPerFrame (1e6 must lie in [1, 1000]: 1000 used).',
    );
  });

  it('is null for a clean link', () => {
    expect(loadState('?particles=65536&stepsPerFrame=10').notice).toBeNull();
  });
});

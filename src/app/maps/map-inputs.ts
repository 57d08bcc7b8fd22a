// The settings row of the map view: resolution, the basin map's K and epsilon, the stability
// diagram's axes and ranges. Every entry is checked; a refused one keeps the last good value.
import { type NumericSpec, checkNumber } from '../../model/config.ts';
import {
  MAP_PARAMETERS,
  type MapAxis,
  type MapParameter,
  PARAMETER_INFO,
} from '../../maps/parameters.ts';

export interface MapSettings {
  /** Pixels per side of the map. */
  resolution: number;
  /** K and epsilon of the basin map. */
  steps: number;
  epsilon: number;
  /** Axes of the stability diagram. */
  axes: [MapAxis, MapAxis];
}

export const RESOLUTIONS = [64, 128, 256, 384, 512];

export function defaultMapSettings(): MapSettings {
  return {
    resolution: 256,
    steps: 1000,
    epsilon: 1e-3,
    axes: [
      { parameter: 'lr', min: 0, max: 2 },
      { parameter: 'mse', min: 0, max: 2 },
    ],
  };
}

const STEPS_SPEC: NumericSpec = { min: 1, max: 100_000, integer: true };
const EPSILON_SPEC: NumericSpec = { min: 1e-7, max: 10 };

/** Builds the inputs into `container`; onChange runs after each accepted entry. */
export function createMapInputs(
  container: HTMLElement,
  settings: MapSettings,
  onChange: () => void,
  onProblem: (message: string | null) => void,
): { showFor(kind: 'basin' | 'stability'): void } {
  container.replaceChildren();
  const field = (label: string, input: HTMLElement, group: string) => {
    const wrapper = document.createElement('label');
    wrapper.className = `map-input map-input-${group}`;
    wrapper.append(`${label} `, input);
    container.append(wrapper);
    return wrapper;
  };
  const number = (
    key: string,
    value: () => number,
    spec: NumericSpec,
    accept: (value: number) => string | null,
  ) => {
    const input = document.createElement('input');
    input.type = 'text';
    input.inputMode = 'decimal';
    input.size = 6;
    input.dataset.testid = `map-${key}`;
    input.value = String(value());
    input.addEventListener('change', () => {
      const parsed = Number(input.value.trim());
      const problem =
        input.value.trim() === '' ? 'is empty' : (checkNumber(parsed, spec) ?? accept(parsed));
      if (problem) {
        onProblem(`${key} ${problem}; keeping ${value()}.`);
        input.value = String(value());
        return;
      }
      onProblem(null);
      onChange();
    });
    return input;
  };
  const select = <T extends string | number>(
    key: string,
    options: { value: T; label: string }[],
    value: () => T,
    accept: (value: T) => void,
  ) => {
    const element = document.createElement('select');
    element.dataset.testid = `map-${key}`;
    for (const option of options) element.add(new Option(option.label, String(option.value)));
    element.value = String(value());
    element.addEventListener('change', () => {
      const chosen = options.find((option) => String(option.value) === element.value);
      if (chosen) accept(chosen.value);
      onChange();
    });
    return element;
  };

  field(
    'pixels',
    select(
      'resolution',
      RESOLUTIONS.map((value) => ({ value, label: `${value}²` })),
      () => settings.resolution,
      (value) => (settings.resolution = value),
    ),
    'all',
  );
  const basinFields = [
    field(
      'K',
      number(
        'steps',
        () => settings.steps,
        STEPS_SPEC,
        (value) => {
          settings.steps = value;
          return null;
        },
      ),
      'basin',
    ),
    field(
      'ε',
      number(
        'epsilon',
        () => settings.epsilon,
        EPSILON_SPEC,
        (value) => {
          settings.epsilon = value;
          return null;
        },
      ),
      'basin',
    ),
  ];

  const parameterOptions = MAP_PARAMETERS.map((value) => ({
    value,
    label: PARAMETER_INFO[value].flag,
  }));
  const stabilityFields = settings.axes.flatMap((axis, k) => {
    const name = k === 0 ? 'horizontal' : 'vertical';
    const end = (which: 'min' | 'max') =>
      number(
        `${name}-${which}`,
        () => axis[which],
        { min: -1e6, max: 1e6 },
        (value) => {
          const next = { ...axis, [which]: value };
          if (!(next.min < next.max)) return 'must keep min below max';
          axis[which] = value;
          return null;
        },
      );
    return [
      field(
        k === 0 ? '→' : '↑',
        select(
          `${name}-parameter`,
          parameterOptions,
          () => axis.parameter,
          (value: MapParameter) => (axis.parameter = value),
        ),
        'stability',
      ),
      field('from', end('min'), 'stability'),
      field('to', end('max'), 'stability'),
    ];
  });

  return {
    showFor(kind) {
      for (const element of basinFields) element.hidden = kind !== 'basin';
      for (const element of stabilityFields) element.hidden = kind !== 'stability';
    },
  };
}

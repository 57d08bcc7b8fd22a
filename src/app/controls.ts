// The settings panel (lil-gui). Every numeric entry is checked against the shared ranges: a bad
// value is refused with a message and the last good value stays in force. The method and
// optimiser entries edit a copy of the selected panel's Config, handed over on every change.
import GUI, { type Controller, OptionController } from 'lil-gui';
import {
  type Config,
  FLOW_INTEGRATORS,
  LOSSES,
  LS_CODE_RANGE,
  METHOD_RANGES,
  type NumericSpec,
  OPTIMIZERS,
  OPTIMIZER_RANGES,
  checkNumber,
  cloneConfig,
} from '../model/config.ts';
import { LAYOUT_NAMES } from '../model/layout.ts';
import { PRESETS, PRESET_NAMES } from '../model/presets.ts';
import { COLORMAP_NAMES } from './colormaps.ts';
import { type MapViewKind } from './maps/map-view.ts';
import { APP_RANGES, type AppSettings, COLOR_MODES, PARTICLE_CHOICES } from './settings.ts';

/** A plain decimal number, as typed: no hex, no trailing text. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export interface ControlHandlers {
  /** The selected panel's method or optimiser changed; `config` is the edited copy. */
  configChanged(config: Config): void;
  layoutChanged(): void;
  selectedChanged(): void;
  linkViewsChanged(): void;
  stepsPerFrameChanged(): void;
  particlesChanged(): void;
  /** Colour map, colouring, overlays or fade. */
  appearanceChanged(): void;
  pausedChanged(): void;
  stepOnce(): void;
  reset(): void;
  copyLink(): void;
  exportPng(): void;
  toggleRecording(): void;
  validate(): void;
  /** An entry was refused (with the reason) or, with null, accepted again. */
  inputProblem(key: string, message: string | null): void;
  /** null: the particle panels; else the map of the selected panel. */
  mapChanged(kind: MapViewKind | null): void;
}

export interface Controls {
  /** Offers only the particle counts the device can hold. */
  limitParticles(max: number): void;
  /** Shows settings.particles after the app changed it. */
  showParticles(): void;
  /** Shows panel `index` of `count` for editing. */
  showPanel(index: number, count: number, config: Config): void;
  setRecording(recording: boolean): void;
}

const CUSTOM = '(custom)';

/** Marks a controller and its input for the page's tests: data-testid and id `control-<key>`. */
function tag(controller: Controller, key: string): Controller {
  controller.domElement.dataset.testid = `control-${key}`;
  controller.domElement
    .querySelector('input, select, button')
    ?.setAttribute('id', `control-${key}`);
  return controller;
}

function panelOptions(count: number): Record<string, number> {
  const options: Record<string, number> = {};
  for (let index = 0; index < count; index++) options[`panel ${index + 1}`] = index;
  return options;
}

function particleOptions(max: number): Record<string, number> {
  const options: Record<string, number> = {};
  for (const count of PARTICLE_CHOICES) {
    if (count <= max) options[count.toLocaleString('en-US')] = count;
  }
  return options;
}

export function createControls(
  container: HTMLElement,
  settings: AppSettings,
  handlers: ControlHandlers,
): Controls {
  const gui = new GUI({ container, title: 'Settings' });
  const config = cloneConfig(settings.panels[settings.selected]!);
  const { method, optimizer } = config;
  const resyncs: (() => void)[] = [];

  const addNumber = <T extends object>(
    folder: GUI,
    object: T,
    property: keyof T & string,
    key: string,
    label: string,
    spec: NumericSpec,
    onAccepted: () => void,
    /** A finite number out of range is capped to the range, with a message, not refused. */
    clamp = false,
  ): Controller => {
    const values = object as Record<string, number>;
    let lastGood = values[property]!;
    const refuse = (problem: string) =>
      handlers.inputProblem(key, `${label} ${problem}; keeping ${lastGood}.`);

    const controller = tag(folder.add(object, property).name(label), key);
    controller.onChange((value: number) => {
      const problem = checkNumber(value, spec);
      if (problem && clamp && Number.isFinite(value)) {
        const capped = Math.min(
          spec.max,
          Math.max(spec.min, spec.integer ? Math.round(value) : value),
        );
        values[property] = capped;
        controller.updateDisplay();
        lastGood = capped;
        onAccepted();
        handlers.inputProblem(key, `${label} ${problem}; using ${capped}.`);
        return;
      }
      if (problem) {
        values[property] = lastGood;
        refuse(problem);
        return;
      }
      lastGood = value;
      handlers.inputProblem(key, null);
      onAccepted();
    });
    // lil-gui applies parseFloat on every keystroke, so '0.3abc' would pass as 0.3: text that
    // is not a plain decimal number restores the value from before the edit, and says so.
    const input = controller.domElement.querySelector('input');
    let beforeEdit = lastGood;
    input?.addEventListener('focus', () => (beforeEdit = lastGood));
    input?.addEventListener('change', () => {
      const text = input.value.trim();
      if (DECIMAL.test(text)) {
        beforeEdit = lastGood;
        return;
      }
      if (values[property] !== beforeEdit) {
        values[property] = beforeEdit;
        lastGood = beforeEdit;
        onAccepted();
      }
      controller.updateDisplay();
      refuse(`'${text}' is not a number`);
    });
    resyncs.push(() => {
      lastGood = values[property]!;
      handlers.inputProblem(key, null);
    });
    return controller;
  };

  const viewState = { view: 'flow' };
  tag(gui.add(viewState, 'view', ['flow', 'basin', 'stability']).name('view'), 'view').onChange(
    (view: string) => handlers.mapChanged(view === 'flow' ? null : (view as MapViewKind)),
  );

  const compareFolder = gui.addFolder('Compare');
  tag(
    compareFolder.add(settings, 'layout', LAYOUT_NAMES).name('panels (layout)'),
    'layout',
  ).onChange(handlers.layoutChanged);
  const panelSelector = tag(
    compareFolder
      .add(settings, 'selected', panelOptions(settings.panels.length))
      .name('edit panel')
      .onChange(handlers.selectedChanged),
    'panel',
  ) as OptionController;
  tag(compareFolder.add(settings, 'linkViews').name('link pan and zoom'), 'linkViews').onChange(
    handlers.linkViewsChanged,
  );

  // Preset: one choice applies a whole configuration.
  const presetState = { preset: CUSTOM };
  const presetController = tag(
    gui.add(presetState, 'preset', [CUSTOM, ...PRESET_NAMES]).name('preset'),
    'preset',
  );

  const configChanged = () => {
    presetState.preset = CUSTOM;
    presetController.updateDisplay();
    showRelevant();
    handlers.configChanged(config);
  };

  const methodFolder = gui.addFolder('Method');
  tag(methodFolder.add(method, 'loss', LOSSES).name('loss'), 'loss').onChange(configChanged);
  const numberOf = (property: keyof typeof METHOD_RANGES, label: string) =>
    addNumber(
      methodFolder,
      method,
      property,
      property,
      label,
      METHOD_RANGES[property],
      configChanged,
    );
  numberOf('mse', 'MSE λ (generator)');
  numberOf('r1', 'R1 γ');
  numberOf('r2', 'R2 γ');
  numberOf('gp', 'WGAN-GP γ');
  numberOf('gpTarget', 'GP target g₀');
  numberOf('noise', 'instance noise σ');
  numberOf('consensus', 'consensus γ');
  const clip = numberOf('clip', 'WGAN clip c');
  const lsCodeLabels = [
    ['lsA', 'LSGAN a (fake)'],
    ['lsB', 'LSGAN b (real)'],
    ['lsC', 'LSGAN c (generator)'],
  ] as const;
  const lsCodes = lsCodeLabels.map(([key, label], i) =>
    addNumber(
      methodFolder,
      method.lsCodes,
      String(i) as '0',
      key,
      label,
      LS_CODE_RANGE,
      configChanged,
    ),
  );

  const optimizerFolder = gui.addFolder('Optimizer');
  tag(
    optimizerFolder.add(optimizer, 'optimizer', OPTIMIZERS).name('optimizer'),
    'optimizer',
  ).onChange(configChanged);
  const optimizerNumber = (property: keyof typeof OPTIMIZER_RANGES, label: string) =>
    addNumber(
      optimizerFolder,
      optimizer,
      property,
      property,
      label,
      OPTIMIZER_RANGES[property],
      configChanged,
    );
  const dt = optimizerNumber('dt', 'dt (flow step)');
  const lrG = optimizerNumber('lrG', 'learning rate G (θ)');
  const lrD = optimizerNumber('lrD', 'learning rate D (ψ)');
  const dSteps = optimizerNumber('dSteps', 'D steps per G step');
  const order = tag(
    optimizerFolder.add(optimizer, 'order', { 'D first': 'dg', 'G first': 'gd' }).name('order'),
    'order',
  ).onChange(configChanged);
  const beta = optimizerNumber('beta', 'momentum β');

  const simulationFolder = gui.addFolder('Simulation');
  addNumber(
    simulationFolder,
    settings,
    'stepsPerFrame',
    'stepsPerFrame',
    'steps per frame',
    APP_RANGES.stepsPerFrame,
    handlers.stepsPerFrameChanged,
    true,
  );
  const particles = tag(
    simulationFolder
      .add(settings, 'particles', particleOptions(Infinity))
      .name('particles (all panels)')
      .onChange(handlers.particlesChanged),
    'particles',
  ) as OptionController;
  tag(
    simulationFolder.add(settings, 'paused').name('pause').onChange(handlers.pausedChanged),
    'paused',
  ).listen();
  const actions = {
    step: handlers.stepOnce,
    reset: handlers.reset,
    validate: handlers.validate,
    copyLink: handlers.copyLink,
    exportPng: handlers.exportPng,
    record: handlers.toggleRecording,
  };
  tag(simulationFolder.add(actions, 'step').name('single step'), 'step');
  tag(simulationFolder.add(actions, 'reset').name('reset particles'), 'reset');
  tag(simulationFolder.add(actions, 'validate').name('validate shader against f64'), 'validate');

  const lookFolder = gui.addFolder('Appearance');
  addNumber(
    lookFolder,
    settings,
    'fade',
    'fade',
    'trail fade',
    APP_RANGES.fade,
    handlers.appearanceChanged,
  );
  tag(lookFolder.add(settings, 'colormap', COLORMAP_NAMES).name('colour map'), 'colormap').onChange(
    handlers.appearanceChanged,
  );
  tag(lookFolder.add(settings, 'colorBy', COLOR_MODES).name('colour by'), 'colorBy').onChange(
    handlers.appearanceChanged,
  );
  tag(lookFolder.add(settings, 'heatmap').name('speed heat map'), 'heatmap').onChange(
    handlers.appearanceChanged,
  );
  tag(lookFolder.add(settings, 'quiver').name('arrows (quiver)'), 'quiver').onChange(
    handlers.appearanceChanged,
  );
  tag(lookFolder.add(settings, 'nullclines').name('nullclines'), 'nullclines').onChange(
    handlers.appearanceChanged,
  );

  const shareFolder = gui.addFolder('Share');
  tag(shareFolder.add(actions, 'copyLink').name('copy link'), 'copyLink');
  tag(shareFolder.add(actions, 'exportPng').name('export PNG'), 'exportPng');
  const record = tag(shareFolder.add(actions, 'record').name('record WebM'), 'record');

  // Only the settings that the chosen loss and optimiser read are shown.
  function showRelevant(): void {
    const flowStep = FLOW_INTEGRATORS.includes(optimizer.optimizer);
    // A clip left on after leaving wgan stays in sight, so that its conflict can be fixed.
    clip.show(method.loss === 'wgan' || method.clip > 0);
    for (const code of lsCodes) code.show(method.loss === 'lsgan');
    dt.show(flowStep);
    lrG.show(!flowStep);
    lrD.show(!flowStep);
    dSteps.show(optimizer.optimizer === 'altgd');
    order.show(optimizer.optimizer === 'altgd');
    beta.show(optimizer.optimizer === 'momentum');
  }
  showRelevant();

  /** Puts `source` into the edited copy and shows it. */
  const load = (source: Config) => {
    Object.assign(method, { ...source.method, lsCodes: method.lsCodes });
    method.lsCodes.splice(0, 3, ...source.method.lsCodes);
    Object.assign(optimizer, source.optimizer);
    for (const resync of resyncs) resync();
    for (const controller of gui.controllersRecursive()) controller.updateDisplay();
    showRelevant();
  };

  presetController.onChange((name: string) => {
    const preset = PRESETS[name];
    if (!preset) return;
    load(preset);
    handlers.configChanged(config);
  });

  return {
    limitParticles(max: number) {
      particles.options(particleOptions(max));
    },
    showParticles() {
      particles.updateDisplay();
    },
    showPanel(index: number, count: number, source: Config) {
      panelSelector.options(panelOptions(count));
      presetState.preset = CUSTOM;
      load(source);
      settings.selected = index;
      panelSelector.updateDisplay();
    },
    setRecording(recording: boolean) {
      record.name(recording ? 'stop recording' : 'record WebM');
    },
  };
}

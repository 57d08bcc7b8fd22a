// The visible window of the (theta, psi) plane: its centre and half height, and the maps between
// plane, CSS pixels and clip space.
import { mat3 } from 'gl-matrix';

export interface Box {
  thetaMin: number;
  thetaMax: number;
  psiMin: number;
  psiMax: number;
}

export const VIEW_RANGES = {
  /** Where the view's centre may go, in plane units. */
  center: { min: -1e6, max: 1e6 },
  /** Near the equilibrium f32 resolves far below the smallest half height; see minHalfHeight. */
  halfHeight: { min: 1e-6, max: 1e3 },
  defaultHalfHeight: 2.5,
};

/**
 * The particles and the trail renderer work in f32, whose 24 significant bits space the
 * representable values ulp(x) = 2^(floor(log2 |x|) - 23) apart: 6.1e-5 at |x| = 1e3, 0.0625
 * at 1e6, but only 6e-12 at 1e-4. A window must hold enough distinct positions for particles
 * to move smoothly and for the view matrix's (x - centre) / halfHeight to land on the right
 * pixel: its height must span ~1000 ulps of the centre's largest coordinate. Near the
 * equilibrium that allows windows far below VIEW_RANGES.halfHeight.min; at an offset of 1e3 a
 * half height of 0.03.
 */
export const F32_POSITIONS_PER_HALF_HEIGHT = 500;

/** The gap between |x| (rounded to f32) and the next larger f32. */
export function f32Spacing(x: number): number {
  const value = new Float32Array([Math.abs(x)]);
  const next = new Float32Array(1);
  new Uint32Array(next.buffer)[0] = new Uint32Array(value.buffer)[0]! + 1;
  return next[0]! - value[0]!;
}

export class View {
  center: [number, number] = [0, 0];
  /** Distance in psi from the centre to the top edge; the width follows the aspect ratio. */
  halfHeight = VIEW_RANGES.defaultHalfHeight;
  cssWidth = 1;
  cssHeight = 1;
  /** The last pan or zoom asked for a smaller half height than f32 resolves at the centre. */
  precisionLimited = false;

  setSize(cssWidth: number, cssHeight: number): void {
    this.cssWidth = Math.max(1, cssWidth);
    this.cssHeight = Math.max(1, cssHeight);
  }

  get halfWidth(): number {
    return (this.halfHeight * this.cssWidth) / this.cssHeight;
  }

  /** Plane units per CSS pixel. */
  get unitsPerPixel(): number {
    return (2 * this.halfHeight) / this.cssHeight;
  }

  /** Plane (theta, psi) to clip space: scale(1/halfWidth, 1/halfHeight) * translate(-center). */
  matrix(): mat3 {
    const m = mat3.create();
    mat3.fromScaling(m, [1 / this.halfWidth, 1 / this.halfHeight]);
    mat3.translate(m, m, [-this.center[0], -this.center[1]]);
    return m;
  }

  toCss(theta: number, psi: number): [number, number] {
    const upp = this.unitsPerPixel;
    return [
      this.cssWidth / 2 + (theta - this.center[0]) / upp,
      this.cssHeight / 2 - (psi - this.center[1]) / upp,
    ];
  }

  toPlane(x: number, y: number): [number, number] {
    const upp = this.unitsPerPixel;
    return [
      this.center[0] + (x - this.cssWidth / 2) * upp,
      this.center[1] - (y - this.cssHeight / 2) * upp,
    ];
  }

  visibleBox(): Box {
    return {
      thetaMin: this.center[0] - this.halfWidth,
      thetaMax: this.center[0] + this.halfWidth,
      psiMin: this.center[1] - this.halfHeight,
      psiMax: this.center[1] + this.halfHeight,
    };
  }

  /** The smallest half height allowed at the present centre: f32 precision or the range. */
  minHalfHeight(): number {
    const offset = Math.max(Math.abs(this.center[0]), Math.abs(this.center[1]));
    return Math.max(VIEW_RANGES.halfHeight.min, F32_POSITIONS_PER_HALF_HEIGHT * f32Spacing(offset));
  }

  /** Moves the plane with the pointer: a drag of (dx, dy) CSS pixels. */
  pan(dx: number, dy: number): void {
    const upp = this.unitsPerPixel;
    this.center = [clampCenter(this.center[0] - dx * upp), clampCenter(this.center[1] + dy * upp)];
    this.limitHalfHeight(this.halfHeight);
  }

  /** Takes the centre and zoom of another view (panels of a linked comparison). */
  copyFrom(other: { center: [number, number]; halfHeight: number }): void {
    this.center = [clampCenter(other.center[0]), clampCenter(other.center[1])];
    this.limitHalfHeight(other.halfHeight);
  }

  /** Scales the view by `factor` (< 1 zooms in) keeping the point under (x, y) in place. */
  zoomAt(x: number, y: number, factor: number): void {
    const anchor = this.toPlane(x, y);
    const wanted = this.halfHeight * factor;
    this.limitHalfHeight(wanted);
    const moved = this.toPlane(x, y);
    this.center = [
      clampCenter(this.center[0] + anchor[0] - moved[0]),
      clampCenter(this.center[1] + anchor[1] - moved[1]),
    ];
    // The anchor may have moved the centre into a coarser binade of f32.
    this.limitHalfHeight(wanted);
  }

  private limitHalfHeight(wanted: number): void {
    const min = this.minHalfHeight();
    this.precisionLimited = wanted < min && min > VIEW_RANGES.halfHeight.min;
    this.halfHeight = Math.min(VIEW_RANGES.halfHeight.max, Math.max(min, wanted));
  }
}

function clampCenter(value: number): number {
  return Math.min(VIEW_RANGES.center.max, Math.max(VIEW_RANGES.center.min, value));
}

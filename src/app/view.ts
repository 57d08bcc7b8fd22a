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
  halfHeight: { min: 1e-3, max: 1e3 },
  defaultHalfHeight: 2.5,
};

export class View {
  center: [number, number] = [0, 0];
  /** Distance in psi from the centre to the top edge; the width follows the aspect ratio. */
  halfHeight = VIEW_RANGES.defaultHalfHeight;
  cssWidth = 1;
  cssHeight = 1;

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

  /** Moves the plane with the pointer: a drag of (dx, dy) CSS pixels. */
  pan(dx: number, dy: number): void {
    const upp = this.unitsPerPixel;
    this.center = [clampCenter(this.center[0] - dx * upp), clampCenter(this.center[1] + dy * upp)];
  }

  /** Takes the centre and zoom of another view (panels of a linked comparison). */
  copyFrom(other: { center: [number, number]; halfHeight: number }): void {
    this.center = [other.center[0], other.center[1]];
    this.halfHeight = other.halfHeight;
  }

  /** Scales the view by `factor` (< 1 zooms in) keeping the point under (x, y) in place. */
  zoomAt(x: number, y: number, factor: number): void {
    const anchor = this.toPlane(x, y);
    const { min, max } = VIEW_RANGES.halfHeight;
    this.halfHeight = Math.min(max, Math.max(min, this.halfHeight * factor));
    const moved = this.toPlane(x, y);
    this.center = [
      clampCenter(this.center[0] + anchor[0] - moved[0]),
      clampCenter(this.center[1] + anchor[1] - moved[1]),
    ];
  }
}

function clampCenter(value: number): number {
  return Math.min(VIEW_RANGES.center.max, Math.max(VIEW_RANGES.center.min, value));
}

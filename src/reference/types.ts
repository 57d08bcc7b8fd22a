// Small fixed-size shapes of the f64 reference, in the maths' order: (theta, psi).

export type Vec2 = [number, number];
export type Mat2 = [[number, number], [number, number]];
/** A complex number as [re, im]. */
export type Complex = [number, number];

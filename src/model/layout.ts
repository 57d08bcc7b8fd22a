// How many panels a comparison shows and how they tile the stage.

export const LAYOUTS = {
  '1x1': { rows: 1, columns: 1 },
  '1x2': { rows: 1, columns: 2 },
  '2x2': { rows: 2, columns: 2 },
} as const;

export type LayoutName = keyof typeof LAYOUTS;
export const LAYOUT_NAMES = Object.keys(LAYOUTS) as LayoutName[];
export const MAX_PANELS = 4;

export function panelCount(layout: LayoutName): number {
  const { rows, columns } = LAYOUTS[layout];
  return rows * columns;
}

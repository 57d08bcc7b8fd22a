// Writes a map as the file its name asks for: .png (picture with axes and legend), .f32 (raw
// values, with the JSON header beside it as .json) or .csv.
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { PNG } from 'pngjs';
import { MAX_CSV_PIXELS, csvText, rawBytes, rawHeader } from '../maps/export.ts';
import { mapPicture } from '../maps/picture.ts';
import type { MapProduct } from '../maps/products.ts';

export const MAP_FILE_TYPES = ['.png', '.f32', '.csv'] as const;
export type MapFileType = (typeof MAP_FILE_TYPES)[number];

export function mapFileType(path: string): MapFileType | null {
  return MAP_FILE_TYPES.find((type) => path.toLowerCase().endsWith(type)) ?? null;
}

/** The header file of a raw map: FILE.f32 -> FILE.json. */
export function headerPath(rawPath: string): string {
  return `${rawPath.slice(0, -'.f32'.length)}.json`;
}

/** Writes the map; returns the paths written. */
export function writeMapFile(product: MapProduct, path: string): string[] {
  switch (mapFileType(path)) {
    case '.png': {
      const picture = mapPicture(product.picture);
      const png = new PNG({ width: picture.width, height: picture.height });
      png.data = Buffer.from(picture.data.buffer);
      writeFileSync(path, PNG.sync.write(png));
      return [path];
    }
    case '.f32': {
      const header = headerPath(path);
      writeFileSync(path, rawBytes(product));
      writeFileSync(header, `${JSON.stringify(rawHeader(product, basename(path)), null, 2)}\n`);
      return [path, header];
    }
    case '.csv': {
      if (product.width * product.height > MAX_CSV_PIXELS) {
        throw new RangeError(
          `CSV is for maps of at most ${MAX_CSV_PIXELS.toLocaleString('en-US')} pixels; ` +
            'write .f32 for larger ones',
        );
      }
      writeFileSync(path, csvText(product));
      return [path];
    }
    default:
      throw new RangeError(`unknown map file type: ${path} (one of ${MAP_FILE_TYPES.join(', ')})`);
  }
}

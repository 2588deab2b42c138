// Reading a sweep spec from a YAML or JSON file into the CreateSweep message.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { specToMessage } from '@hyperfleet/common';
import type { SweepSpec } from '@hyperfleet/proto';

export class SpecFileError extends Error {
  override readonly name = 'SpecFileError';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
  }
}

export async function readSpecFile(file: string): Promise<SweepSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SpecFileError(file, 'cannot be read', { cause: error });
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new SpecFileError(file, `is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  try {
    return specToMessage(raw);
  } catch (error) {
    throw new SpecFileError(file, (error as Error).message, { cause: error });
  }
}

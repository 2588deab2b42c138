// A spec file checked here by the same rules the coordinator applies, so that a mistake
// is reported against the file, field by field, without a round trip or a running server.
import { readSpecFile, SpecFileError } from '@hyperfleet/client';
import { specFromMessage, validateSweepSpec } from '@hyperfleet/common';
import {
  sweepServiceDefinition,
  type CreateSweepRequest__Output,
  type SweepSpec,
} from '@hyperfleet/proto';

/** The CreateSweep message of a spec file that passed validation. */
export async function readCheckedSpec(file: string): Promise<SweepSpec> {
  const spec = await readSpecFile(file);
  try {
    // A fixed seed keeps the check from drawing one; the coordinator draws the real one.
    validateSweepSpec(specFromMessage(asReceived(spec)), () => 1);
  } catch (error) {
    // Spec errors name their field; anything else is the coordinator's to judge.
    if (error instanceof Error && typeof (error as { field?: unknown }).field === 'string') {
      throw new SpecFileError(file, error.message, { cause: error });
    }
    throw error;
  }
  return spec;
}

/** The spec as the coordinator decodes it: through the wire format, defaults filled in. */
function asReceived(spec: SweepSpec): NonNullable<CreateSweepRequest__Output['spec']> {
  const method = sweepServiceDefinition.CreateSweep;
  const request = method.requestDeserialize(
    method.requestSerialize({ spec }),
  ) as CreateSweepRequest__Output;
  // Set, since the spec was just put in; proto3 only drops a message field left empty.
  return request.spec!;
}

// The stand-in trial: no work beyond waiting, so that what a benchmark measures is
// Hyperfleet's own cost. Its objective is a known function of the params.
import type { SyntheticTrialTemplate } from '@hyperfleet/common';
import { sleep } from '@hyperfleet/transport';
import type { ExecutionContext, ExecutionResult, TrialExecution } from './execution.js';

export class SyntheticExecution implements TrialExecution {
  async run(context: ExecutionContext): Promise<ExecutionResult> {
    const { durationMs, steps } = (context.assignment.template as SyntheticTrialTemplate).synthetic;
    const base = Object.values(context.assignment.params).reduce<number>((sum, value) => sum + (typeof value === 'number' ? value * value : 0), 0);
    let metrics = {};
    let reported = 0;
    for (let step = 1; step <= steps; step++) {
      await sleep(durationMs / steps, context.signal);
      if (context.signal.aborted) break;
      metrics = { objective: base + 1 / step };
      await context.report(step, metrics);
      reported = step;
      if (context.stopRequest()) break;
    }
    return { metrics, step: reported };
  }
}

// How many workers the pool wants: the demand (queued plus running trials across running
// sweeps) within [min, max]. A rise takes effect at once; a fall only once it has held for
// the whole cooldown, so that a pause between two trials does not cost a pod restart. The
// desired count is the highest target seen within the cooldown window.

export interface ScaleLimits {
  min: number;
  max: number;
}

export class ScaleDecider {
  private samples: { at: number; target: number }[] = [];

  constructor(private readonly cooldownMs: number) {}

  /** Starts the window at `target`, e.g. the pods adopted on start, so a restart does not scale down at once. */
  seed(target: number, now: number): void {
    this.samples.push({ at: now, target });
  }

  desired(demand: number, limits: ScaleLimits, now: number): number {
    this.samples.push({ at: now, target: clamp(demand, limits) });
    this.samples = this.samples.filter((sample) => now - sample.at <= this.cooldownMs);
    // New limits apply at once, whatever the window holds.
    return clamp(Math.max(...this.samples.map((sample) => sample.target)), limits);
  }
}

function clamp(value: number, limits: ScaleLimits): number {
  return Math.min(limits.max, Math.max(limits.min, value));
}

// Commander's argument collector for a repeatable flag: `--state a --state b` gives [a, b].
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

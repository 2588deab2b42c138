// How the deployment reads: the version being served, then every version, newest first.
import type { Deployment__Output, ModelVersion__Output } from '@hyperfleet/proto';
import { formatNumber, formatTime } from './format.js';
import { formatFields, formatTable } from './table.js';

export function deploymentDetails(deployment: Deployment__Output): string[] {
  const current = deployment.current;
  const fields: [string, string][] = [
    ['status', deployment.status || '-'],
    ['current', current ? versionPhrase(current) : 'none (nothing promoted yet)'],
  ];
  if (deployment.versions.length === 0) return formatFields(fields);
  return [...formatFields(fields), '', ...versionTable(deployment.versions, current?.version)];
}

export function versionTable(
  versions: readonly ModelVersion__Output[],
  currentVersion: number | undefined,
): string[] {
  return formatTable(
    [
      { header: 'VERSION', align: 'right' },
      { header: 'METRIC' },
      { header: 'VALUE', align: 'right' },
      { header: 'TRIAL' },
      { header: 'SWEEP' },
      { header: 'PROMOTED' },
    ],
    versions.map((version) => [
      // The mark sits left of the number so that the numbers stay aligned.
      `${version.version === currentVersion ? '* ' : ''}${version.version}`,
      version.metric,
      formatNumber(version.objectiveValue),
      version.trialId,
      version.sweepId,
      formatTime(version.promotedAt),
    ]),
  );
}

/** "version 3 (val_accuracy=0.9541, trial 5d1c…, promoted 2025-12-04 10:00:00Z)". */
export function versionPhrase(version: ModelVersion__Output): string {
  const value = `${version.metric}=${formatNumber(version.objectiveValue)}`;
  return `version ${version.version} (${value}, trial ${version.trialId}, promoted ${formatTime(version.promotedAt)})`;
}

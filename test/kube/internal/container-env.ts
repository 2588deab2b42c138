/**
 * A container's command line and environment as a kubelet computes them: `command` and
 * `args` over the image's entrypoint, env entries in order (plain values, secret and config
 * map keys, downward-API fields), `envFrom` sources, and `$(VAR)` references expanded.
 */
import type { V1Container, V1Pod } from '@kubernetes/client-node';

export interface ImageEntrypoint {
  command?: string[];
  args?: string[];
}

export interface ContainerSources {
  /** Secret name to its keys and plain-text values. */
  secrets: Record<string, Record<string, string>>;
  configMaps: Record<string, Record<string, string>>;
  images: Record<string, ImageEntrypoint>;
}

/** A container that cannot start: the kubelet's CreateContainerConfigError. */
export class ContainerConfigError extends Error {
  override readonly name = 'ContainerConfigError';
  constructor(
    message: string,
    readonly reason: 'CreateContainerConfigError' | 'CreateContainerError',
  ) {
    super(message);
  }
}

/** `$(NAME)` expands from `env`, `$$(NAME)` escapes to a literal `$(NAME)`, unknown names stay. */
export function expandReferences(text: string, env: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g,
    (match, name: string | undefined) => {
      if (match === '$$') return '$';
      return name !== undefined && name in env ? env[name]! : match;
    },
  );
}

function fieldValue(pod: V1Pod, fieldPath: string): string {
  const labelOrAnnotation = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (labelOrAnnotation) {
    const map =
      labelOrAnnotation[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations;
    return map?.[labelOrAnnotation[2]!] ?? '';
  }
  const fields: Record<string, string | undefined> = {
    'metadata.name': pod.metadata?.name,
    'metadata.namespace': pod.metadata?.namespace,
    'metadata.uid': pod.metadata?.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.podIP': pod.status?.podIP,
    'status.hostIP': pod.status?.hostIP,
  };
  if (!(fieldPath in fields)) {
    throw new ContainerConfigError(
      `unsupported fieldRef fieldPath "${fieldPath}"`,
      'CreateContainerConfigError',
    );
  }
  return fields[fieldPath] ?? '';
}

function lookup(
  kind: 'secret' | 'configmap',
  store: Record<string, Record<string, string>>,
  ref: { name?: string; key?: string; optional?: boolean },
): string | undefined {
  const source = store[ref.name ?? ''];
  if (source === undefined) {
    if (ref.optional) return undefined;
    throw new ContainerConfigError(`${kind} "${ref.name}" not found`, 'CreateContainerConfigError');
  }
  const value = source[ref.key ?? ''];
  if (value === undefined && !ref.optional) {
    throw new ContainerConfigError(
      `couldn't find key ${ref.key} in ${kind === 'secret' ? 'Secret' : 'ConfigMap'} ${ref.name}`,
      'CreateContainerConfigError',
    );
  }
  return value;
}

export function containerEnv(
  pod: V1Pod,
  container: V1Container,
  sources: ContainerSources,
): Record<string, string> {
  const env: Record<string, string> = {};

  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    const ref = from.secretRef ?? from.configMapRef;
    const store = from.secretRef ? sources.secrets : sources.configMaps;
    const data = store[ref?.name ?? ''];
    if (data === undefined) {
      if (ref?.optional) continue;
      const kind = from.secretRef ? 'secret' : 'configmap';
      throw new ContainerConfigError(
        `${kind} "${ref?.name}" not found`,
        'CreateContainerConfigError',
      );
    }
    for (const [key, value] of Object.entries(data)) env[prefix + key] = value;
  }

  for (const entry of container.env ?? []) {
    const source = entry.valueFrom;
    let value: string | undefined;
    if (source?.secretKeyRef) value = lookup('secret', sources.secrets, source.secretKeyRef);
    else if (source?.configMapKeyRef)
      value = lookup('configmap', sources.configMaps, source.configMapKeyRef);
    else if (source?.fieldRef) value = fieldValue(pod, source.fieldRef.fieldPath);
    else if (source?.resourceFieldRef) {
      // TODO(resourceFieldRef is not computed from the container's resources; it resolves to an empty string)
      value = '';
    } else value = expandReferences(entry.value ?? '', env);
    if (value !== undefined) env[entry.name] = value;
  }
  return env;
}

/** The argv to run: `command` replaces the image entrypoint, `args` its default arguments. */
export function containerArgv(
  container: V1Container,
  env: Record<string, string>,
  images: Record<string, ImageEntrypoint>,
): string[] {
  const image = images[container.image ?? ''];
  const command = container.command ?? image?.command ?? [];
  const args = container.args ?? (container.command ? [] : (image?.args ?? []));
  const argv = [...command, ...args].map((part) => expandReferences(part, env));
  if (argv.length === 0) {
    throw new ContainerConfigError(
      `no command specified: the container sets no command and the fake kubelet knows no ` +
        `entrypoint for image "${container.image}" (see PodRunnerOptions.images)`,
      'CreateContainerError',
    );
  }
  return argv;
}

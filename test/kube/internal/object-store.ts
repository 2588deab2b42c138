/**
 * The fake cluster's storage: objects per resource, one resourceVersion clock shared by all
 * resources (as etcd's revision is), and a bounded change history that watches replay from.
 * Objects go in and come out as copies, so no caller can change stored state by accident.
 */

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Any API object; the store reads only its name and stamps its resourceVersion. */
export interface StoredObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; resourceVersion?: string };
}

export interface Change {
  resource: string;
  type: ChangeType;
  /** The object after the change; for DELETED, its last state at the deletion's version. */
  object: StoredObject;
  /** The object before the change (absent for ADDED), to tell selector entries and exits. */
  previous?: StoredObject;
  resourceVersion: number;
}

export type ChangeListener = (change: Change) => void;

export interface ObjectStoreOptions {
  /** Changes kept for watches to resume from; older versions answer 410 Expired. */
  historyLimit?: number;
  /** The first resourceVersion handed out; above 0 so that "0" keeps its meaning of "any". */
  initialResourceVersion?: number;
}

const DEFAULT_HISTORY_LIMIT = 1000;
const DEFAULT_INITIAL_RESOURCE_VERSION = 100;

function nameOf(obj: StoredObject): string {
  const name = obj.metadata?.name;
  if (typeof name !== 'string' || name === '') throw new Error('stored object has no name');
  return name;
}

export class ObjectStore {
  private revision: number;
  /** The newest version that history no longer covers; watches must start at or after it. */
  private compactedRevision: number;
  private readonly historyLimit: number;
  private readonly history: Change[] = [];
  private readonly collections = new Map<string, Map<string, StoredObject>>();
  private readonly listeners = new Map<string, Set<ChangeListener>>();

  constructor(options: ObjectStoreOptions = {}) {
    this.revision = options.initialResourceVersion ?? DEFAULT_INITIAL_RESOURCE_VERSION;
    this.compactedRevision = this.revision;
    this.historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  }

  get resourceVersion(): number {
    return this.revision;
  }

  get oldestResumableVersion(): number {
    return this.compactedRevision;
  }

  get<T extends StoredObject>(resource: string, name: string): T | undefined {
    const obj = this.collection(resource).get(name);
    return obj === undefined ? undefined : (structuredClone(obj) as T);
  }

  has(resource: string, name: string): boolean {
    return this.collection(resource).has(name);
  }

  /** Every object of a resource, ordered by name as the apiserver lists them. */
  list<T extends StoredObject>(resource: string): T[] {
    return [...this.collection(resource).values()]
      .sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0))
      .map((obj) => structuredClone(obj) as T);
  }

  /** Stores a new object, stamping its resourceVersion; the caller checks for a clash first. */
  create<T extends StoredObject>(resource: string, obj: T): T {
    const name = nameOf(obj);
    const items = this.collection(resource);
    if (items.has(name)) throw new Error(`${resource} "${name}" already stored`);
    const stored = this.stamp(obj);
    items.set(name, stored);
    this.record({ resource, type: 'ADDED', object: stored, resourceVersion: this.revision });
    return structuredClone(stored) as T;
  }

  /**
   * Replaces an object with what `mutate` makes of a copy of it. Returns undefined when the
   * object does not exist; writes nothing when `mutate` returns the object unchanged.
   */
  update<T extends StoredObject>(
    resource: string,
    name: string,
    mutate: (draft: T) => T | void,
  ): T | undefined {
    const items = this.collection(resource);
    const current = items.get(name);
    if (current === undefined) return undefined;

    const draft = structuredClone(current) as T;
    const next = (mutate(draft) ?? draft) as StoredObject;
    if (JSON.stringify(next) === JSON.stringify(current)) return structuredClone(current) as T;

    const stored = this.stamp(next);
    items.set(name, stored);
    this.record({
      resource,
      type: 'MODIFIED',
      object: stored,
      previous: current,
      resourceVersion: this.revision,
    });
    return structuredClone(stored) as T;
  }

  remove<T extends StoredObject>(resource: string, name: string): T | undefined {
    const items = this.collection(resource);
    const current = items.get(name);
    if (current === undefined) return undefined;

    items.delete(name);
    const last = this.stamp(current);
    this.record({
      resource,
      type: 'DELETED',
      object: last,
      previous: current,
      resourceVersion: this.revision,
    });
    return structuredClone(last) as T;
  }

  /**
   * Changes of one resource after `resourceVersion`, oldest first, or 'expired' when history
   * no longer reaches back that far (the case etcd compaction causes on a real cluster).
   */
  changesSince(resource: string, resourceVersion: number): Change[] | 'expired' {
    if (resourceVersion < this.compactedRevision) return 'expired';
    return this.history
      .filter((c) => c.resource === resource && c.resourceVersion > resourceVersion)
      .map((c) => structuredClone(c));
  }

  /** Forgets all history, so that any watch from an older version gets 410 Expired. */
  compact(): void {
    this.history.length = 0;
    this.compactedRevision = this.revision;
  }

  subscribe(resource: string, listener: ChangeListener): () => void {
    let set = this.listeners.get(resource);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(resource, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  private collection(resource: string): Map<string, StoredObject> {
    let items = this.collections.get(resource);
    if (items === undefined) {
      items = new Map();
      this.collections.set(resource, items);
    }
    return items;
  }

  private stamp(obj: StoredObject): StoredObject {
    this.revision += 1;
    const copy = structuredClone(obj);
    copy.metadata = { ...copy.metadata, resourceVersion: String(this.revision) };
    return copy;
  }

  private record(change: Change): void {
    this.history.push(change);
    while (this.history.length > this.historyLimit) {
      const dropped = this.history.shift()!;
      this.compactedRevision = dropped.resourceVersion;
    }
    for (const listener of [...(this.listeners.get(change.resource) ?? [])]) {
      listener(structuredClone(change));
    }
  }
}

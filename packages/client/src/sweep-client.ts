// A typed client of the SweepService.
import type { Client } from '@grpc/grpc-js';
import {
  SweepServiceStub,
  type ListSweepsRequest,
  type ListSweepsResponse__Output,
  type ListTrialsRequest,
  type ListTrialsResponse__Output,
  type SweepEvent__Output,
  type SweepServiceClient as SweepServiceClientType,
  type SweepSpec,
  type Sweep__Output,
  type Trial__Output,
} from '@hyperfleet/proto';
import { callMetadata, channelCredentials, channelOptions, serverStream, unary, type ConnectionOptions } from './call.js';

export class SweepClient {
  private readonly client: SweepServiceClientType;

  constructor(private readonly options: ConnectionOptions) {
    this.client = new SweepServiceStub(options.address, channelCredentials(options), channelOptions());
  }

  createSweep(spec: SweepSpec): Promise<Sweep__Output> {
    return unary(this.raw, this.client.createSweep, { spec }, this.options);
  }

  getSweep(id: string): Promise<Sweep__Output> {
    return unary(this.raw, this.client.getSweep, { id }, this.options);
  }

  listSweeps(request: ListSweepsRequest = {}): Promise<ListSweepsResponse__Output> {
    return unary(this.raw, this.client.listSweeps, request, this.options);
  }

  cancelSweep(id: string, reason = ''): Promise<Sweep__Output> {
    return unary(this.raw, this.client.cancelSweep, { id, reason }, this.options);
  }

  listTrials(request: ListTrialsRequest): Promise<ListTrialsResponse__Output> {
    return unary(this.raw, this.client.listTrials, request, this.options);
  }

  getTrial(id: string): Promise<Trial__Output> {
    return unary(this.raw, this.client.getTrial, { id }, this.options);
  }

  /** A snapshot, then every event of the sweep until it finishes. */
  watchSweep(id: string): AsyncGenerator<SweepEvent__Output> {
    return serverStream(this.client.watchSweep({ id }, callMetadata(this.options)));
  }

  /** Waits until the coordinator answers, for scripts that start it. */
  waitForReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.raw.waitForReady(new Date(Date.now() + timeoutMs), (error) => (error ? reject(error) : resolve()));
    });
  }

  close(): void {
    this.client.close();
  }

  private get raw(): Client {
    return this.client as unknown as Client;
  }
}

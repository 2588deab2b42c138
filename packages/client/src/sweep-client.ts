// A typed client of the SweepService.
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
import { ClientBase } from './client-base.js';
import { callMetadata, channelCredentials, channelOptions, serverStream, unary, type ConnectionOptions } from './call.js';

export class SweepClient extends ClientBase<SweepServiceClientType> {
  constructor(options: ConnectionOptions) {
    super(new SweepServiceStub(options.address, channelCredentials(options), channelOptions()), options);
  }

  createSweep(spec: SweepSpec): Promise<Sweep__Output> {
    return unary(this.raw, this.stub.createSweep, { spec }, this.options);
  }

  getSweep(id: string): Promise<Sweep__Output> {
    return unary(this.raw, this.stub.getSweep, { id }, this.options);
  }

  listSweeps(request: ListSweepsRequest = {}): Promise<ListSweepsResponse__Output> {
    return unary(this.raw, this.stub.listSweeps, request, this.options);
  }

  cancelSweep(id: string, reason = ''): Promise<Sweep__Output> {
    return unary(this.raw, this.stub.cancelSweep, { id, reason }, this.options);
  }

  listTrials(request: ListTrialsRequest): Promise<ListTrialsResponse__Output> {
    return unary(this.raw, this.stub.listTrials, request, this.options);
  }

  getTrial(id: string): Promise<Trial__Output> {
    return unary(this.raw, this.stub.getTrial, { id }, this.options);
  }

  /** A snapshot, then every event of the sweep until it finishes. */
  watchSweep(id: string): AsyncGenerator<SweepEvent__Output> {
    return serverStream(this.stub.watchSweep({ id }, callMetadata(this.options)));
  }


}

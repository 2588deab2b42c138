// A typed client of the DeployService.
import type { Client } from '@grpc/grpc-js';
import {
  DeployServiceStub,
  type DeployServiceClient as DeployServiceClientType,
  type Deployment__Output,
  type PredictResponse__Output,
  type PromoteRequest,
} from '@hyperfleet/proto';
import { channelCredentials, channelOptions, unary, type ConnectionOptions } from './call.js';

export class DeployClient {
  private readonly client: DeployServiceClientType;

  constructor(private readonly options: ConnectionOptions) {
    this.client = new DeployServiceStub(options.address, channelCredentials(options), channelOptions());
  }

  promote(request: PromoteRequest): Promise<Deployment__Output> {
    return unary(this.raw, this.client.promote, request, this.options);
  }

  getDeployment(): Promise<Deployment__Output> {
    return unary(this.raw, this.client.getDeployment, {}, this.options);
  }

  /** Class probabilities and the most likely class for each row of 784 pixel values in [0, 1]. */
  predict(inputs: number[][], version = 0): Promise<PredictResponse__Output> {
    return unary(this.raw, this.client.predict, { inputs: inputs.map((values) => ({ values })), version }, this.options);
  }

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

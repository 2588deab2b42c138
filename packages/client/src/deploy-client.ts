// A typed client of the DeployService.
import {
  DeployServiceStub,
  type DeployServiceClient as DeployServiceClientType,
  type Deployment__Output,
  type PredictResponse__Output,
  type PromoteRequest,
} from '@hyperfleet/proto';
import { ClientBase } from './client-base.js';
import { channelCredentials, channelOptions, unary, type ConnectionOptions } from './call.js';

export class DeployClient extends ClientBase<DeployServiceClientType> {
  constructor(options: ConnectionOptions) {
    super(new DeployServiceStub(options.address, channelCredentials(options), channelOptions()), options);
  }

  promote(request: PromoteRequest): Promise<Deployment__Output> {
    return unary(this.raw, this.stub.promote, request, this.options);
  }

  getDeployment(): Promise<Deployment__Output> {
    return unary(this.raw, this.stub.getDeployment, {}, this.options);
  }

  /** Class probabilities and the most likely class for each row of 784 pixel values in [0, 1]. */
  predict(inputs: number[][], version = 0): Promise<PredictResponse__Output> {
    return unary(this.raw, this.stub.predict, { inputs: inputs.map((values) => ({ values })), version }, this.options);
  }


}

// Original file: ../../proto/hyperfleet/v1/deploy.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Deployment as _hyperfleet_v1_Deployment, Deployment__Output as _hyperfleet_v1_Deployment__Output } from '../../hyperfleet/v1/Deployment.js';
import type { GetDeploymentRequest as _hyperfleet_v1_GetDeploymentRequest, GetDeploymentRequest__Output as _hyperfleet_v1_GetDeploymentRequest__Output } from '../../hyperfleet/v1/GetDeploymentRequest.js';
import type { PredictRequest as _hyperfleet_v1_PredictRequest, PredictRequest__Output as _hyperfleet_v1_PredictRequest__Output } from '../../hyperfleet/v1/PredictRequest.js';
import type { PredictResponse as _hyperfleet_v1_PredictResponse, PredictResponse__Output as _hyperfleet_v1_PredictResponse__Output } from '../../hyperfleet/v1/PredictResponse.js';
import type { PromoteRequest as _hyperfleet_v1_PromoteRequest, PromoteRequest__Output as _hyperfleet_v1_PromoteRequest__Output } from '../../hyperfleet/v1/PromoteRequest.js';

/**
 * Serves promoted models and keeps every version it has served.
 */
export interface DeployServiceClient extends grpc.Client {
  GetDeployment(argument: _hyperfleet_v1_GetDeploymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  GetDeployment(argument: _hyperfleet_v1_GetDeploymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  GetDeployment(argument: _hyperfleet_v1_GetDeploymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  GetDeployment(argument: _hyperfleet_v1_GetDeploymentRequest, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  getDeployment(argument: _hyperfleet_v1_GetDeploymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  getDeployment(argument: _hyperfleet_v1_GetDeploymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  getDeployment(argument: _hyperfleet_v1_GetDeploymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  getDeployment(argument: _hyperfleet_v1_GetDeploymentRequest, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  
  Predict(argument: _hyperfleet_v1_PredictRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_PredictResponse__Output>): grpc.ClientUnaryCall;
  Predict(argument: _hyperfleet_v1_PredictRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_PredictResponse__Output>): grpc.ClientUnaryCall;
  Predict(argument: _hyperfleet_v1_PredictRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_PredictResponse__Output>): grpc.ClientUnaryCall;
  Predict(argument: _hyperfleet_v1_PredictRequest, callback: grpc.requestCallback<_hyperfleet_v1_PredictResponse__Output>): grpc.ClientUnaryCall;
  predict(argument: _hyperfleet_v1_PredictRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_PredictResponse__Output>): grpc.ClientUnaryCall;
  predict(argument: _hyperfleet_v1_PredictRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_PredictResponse__Output>): grpc.ClientUnaryCall;
  predict(argument: _hyperfleet_v1_PredictRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_PredictResponse__Output>): grpc.ClientUnaryCall;
  predict(argument: _hyperfleet_v1_PredictRequest, callback: grpc.requestCallback<_hyperfleet_v1_PredictResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Loads a trial's model artifact, checks its digest and serves it under a new version.
   */
  Promote(argument: _hyperfleet_v1_PromoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  Promote(argument: _hyperfleet_v1_PromoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  Promote(argument: _hyperfleet_v1_PromoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  Promote(argument: _hyperfleet_v1_PromoteRequest, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  /**
   * Loads a trial's model artifact, checks its digest and serves it under a new version.
   */
  promote(argument: _hyperfleet_v1_PromoteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  promote(argument: _hyperfleet_v1_PromoteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  promote(argument: _hyperfleet_v1_PromoteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  promote(argument: _hyperfleet_v1_PromoteRequest, callback: grpc.requestCallback<_hyperfleet_v1_Deployment__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Serves promoted models and keeps every version it has served.
 */
export interface DeployServiceHandlers extends grpc.UntypedServiceImplementation {
  GetDeployment: grpc.handleUnaryCall<_hyperfleet_v1_GetDeploymentRequest__Output, _hyperfleet_v1_Deployment>;
  
  Predict: grpc.handleUnaryCall<_hyperfleet_v1_PredictRequest__Output, _hyperfleet_v1_PredictResponse>;
  
  /**
   * Loads a trial's model artifact, checks its digest and serves it under a new version.
   */
  Promote: grpc.handleUnaryCall<_hyperfleet_v1_PromoteRequest__Output, _hyperfleet_v1_Deployment>;
  
}

export interface DeployServiceDefinition extends grpc.ServiceDefinition {
  GetDeployment: MethodDefinition<_hyperfleet_v1_GetDeploymentRequest, _hyperfleet_v1_Deployment, _hyperfleet_v1_GetDeploymentRequest__Output, _hyperfleet_v1_Deployment__Output>
  Predict: MethodDefinition<_hyperfleet_v1_PredictRequest, _hyperfleet_v1_PredictResponse, _hyperfleet_v1_PredictRequest__Output, _hyperfleet_v1_PredictResponse__Output>
  Promote: MethodDefinition<_hyperfleet_v1_PromoteRequest, _hyperfleet_v1_Deployment, _hyperfleet_v1_PromoteRequest__Output, _hyperfleet_v1_Deployment__Output>
}
